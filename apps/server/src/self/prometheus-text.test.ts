import { expect, test } from 'vitest';
import { Counter, Gauge, Histogram } from './prometheus-text.ts';

test('counters per label set, label values escaped', () => {
  const counter = new Counter('x_total', 'Things');
  expect(counter.text()).toBe('# HELP x_total Things\n# TYPE x_total counter\nx_total 0');
  counter.inc({ status: '200' });
  counter.inc({ status: '200' }, 2);
  counter.inc({ path: 'a"b\\c\nd' });
  expect(counter.text()).toBe('# HELP x_total Things\n# TYPE x_total counter\nx_total{status="200"} 3\nx_total{path="a\\"b\\\\c\\nd"} 1');
  expect(counter.total()).toBe(4);
});

test('histogram buckets are cumulative, with +Inf, sum and count', () => {
  const histogram = new Histogram('t_seconds', 'Time', [0.1, 1]);
  for (const value of [0.05, 0.5, 5]) histogram.observe(value);
  expect(histogram.text().split('\n').slice(2)).toEqual([
    't_seconds_bucket{le="0.1"} 1',
    't_seconds_bucket{le="1"} 2',
    't_seconds_bucket{le="+Inf"} 3',
    't_seconds_sum 5.55',
    't_seconds_count 3',
  ]);
  expect(new Gauge('g', 'G', () => 7).text()).toBe('# HELP g G\n# TYPE g gauge\ng 7');
});
