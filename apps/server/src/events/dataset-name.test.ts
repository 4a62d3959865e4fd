import { describe, expect, it } from 'vitest';
import { datasetNameProblem, datasetOfService, MAX_DATASET_NAME_LENGTH } from './dataset-name.ts';

describe('dataset names', () => {
  it.each(['checkout', 'hostile names', 'ünïcødé 🔦', 'a.b', 'x..y', `'; DROP TABLE fl_datasets; --`, 'a'.repeat(MAX_DATASET_NAME_LENGTH)])(
    'takes %j',
    (name) => {
      expect(datasetNameProblem(name)).toBeNull();
    },
  );

  it.each([
    ['../../etc/passwd', 'a dataset name is not a path'],
    ['a/b', 'contains "/"'],
    ['a\\b', 'contains "/" or "\\"'],
    ['.hidden', 'starts with "."'],
    ['..', 'starts with "."'],
    ['tab\there', 'control characters'],
    ['new\nline', 'control characters'],
    ['__all__', 'reserved'],
    ['', 'empty'],
    ['a'.repeat(MAX_DATASET_NAME_LENGTH + 1), 'longer than 255'],
  ])('refuses %j, saying why', (name, why) => {
    expect(datasetNameProblem(name)).toContain(why);
  });

  it.each([
    ['checkout', 'checkout'],
    ['  spaced  ', 'spaced'],
    ['', 'unknown_service'],
    // What SDKs name a service nobody named, as Honeycomb files it.
    ['unknown_service:node', 'unknown_service'],
    ['unknown_service:/usr/bin/python3', 'unknown_service'],
    ['../../etc/passwd', '___.._etc_passwd'],
    ['a\\b/c', 'a_b_c'],
    ['.hidden', '_hidden'],
    ['new\nline', 'new_line'],
    ['__all__', '__all___'],
  ])('maps the service %j to the dataset %j', (service, dataset) => {
    expect(datasetOfService(service)).toBe(dataset);
    expect(datasetNameProblem(dataset)).toBeNull();
  });

  it('maps an overlong service name within the length limit', () => {
    const dataset = datasetOfService('/'.repeat(1000));
    expect(dataset.length).toBeLessThanOrEqual(MAX_DATASET_NAME_LENGTH);
    expect(datasetNameProblem(dataset)).toBeNull();
  });
});
