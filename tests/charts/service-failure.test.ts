import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/charts/render.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/charts/render.js')>()),
  renderChartPng: () => {
    throw new Error('canvas exploded');
  },
}));

const { createChartService } = await import('../../src/charts/index.js');
const { kazakhstanByYear } = await import('./fixtures.js');

describe('ChartService when rendering fails', () => {
  it('leaves the chart out with a plain reason instead of throwing, and does not leak the error text', () => {
    const service = createChartService({ mode: 'attach', quickchartUrl: 'https://quickchart.io' });
    expect(service.image(kazakhstanByYear)).toEqual({ kind: 'omitted', reason: 'Chart left out: it could not be drawn this time.' });
  });
});
