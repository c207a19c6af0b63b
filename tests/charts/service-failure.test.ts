import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/charts/render.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/charts/render.js')>()),
  renderChartPng: () => {
    throw new Error('canvas exploded');
  },
}));

const { loadChartService } = await import('../../src/charts/service.js');
const { kazakhstanByYear } = await import('./fixtures.js');

describe('ChartService when rendering fails', () => {
  it('leaves the chart out with a plain reason instead of throwing, and does not leak the error text', async () => {
    const service = await loadChartService({ mode: 'attach' });
    expect(service.image(kazakhstanByYear)).toEqual({ kind: 'omitted', reason: 'Chart left out: it could not be drawn this time.' });
  });
});
