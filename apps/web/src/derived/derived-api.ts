// Saved derived columns as the UI lists, creates, changes and deletes them (changes need an
// admin key, or the open loopback mode); `__all__` holds the environment-wide ones.
import type { DerivedColumn, DerivedColumnInput } from '@flashlight/api';
import { jsonBody, request } from '../api/client.ts';

export type { DerivedColumn, DerivedColumnInput };

const columnsPath = (dataset: string, id?: string) =>
  `/api/v1/datasets/${encodeURIComponent(dataset)}/derived-columns${id === undefined ? '' : `/${encodeURIComponent(id)}`}`;

export const listDerivedColumns = (dataset: string, signal?: AbortSignal) => request<DerivedColumn[]>(columnsPath(dataset), { signal });
export const createDerivedColumn = (dataset: string, input: DerivedColumnInput) => request<DerivedColumn>(columnsPath(dataset), jsonBody('POST', input));
export const updateDerivedColumn = (dataset: string, id: string, input: DerivedColumnInput) =>
  request<DerivedColumn>(columnsPath(dataset, id), jsonBody('PUT', input));
export const deleteDerivedColumn = (dataset: string, id: string) => request<{ deleted: string }>(columnsPath(dataset, id), { method: 'DELETE' });
