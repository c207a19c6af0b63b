/**
 * Writes example charts into docs/ as PNG, made by running the real commands on data/ and
 * rendering the chart each one asks for (the same config a QuickChart link carries).
 * Run: npm run charts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { commands } from '../commands/index.js';
import type { CommandContext } from '../commands/contract.js';
import { loadModel } from '../src/model/loadFiles.js';
import type { ChartService } from '../src/charts/image.js';
import { createLinkService } from '../src/charts/service.js';
import { renderChartPng } from '../src/charts/render.js';
import type { ChartSpec } from '../src/charts/spec.js';

const EXAMPLES: { file: string; command: string; options: Record<string, unknown> }[] = [
  { file: 'chart-trade-kazakhstan.png', command: 'trade', options: { country: 'Kazakhstan' } },
  {
    file: 'chart-compare-central-asia.png',
    command: 'compare',
    options: { first: 'Kazakhstan', second: 'Kyrgyzstan', third: 'Uzbekistan', fourth: 'Turkmenistan', fifth: 'Tajikistan' },
  },
  { file: 'chart-region-central-asia.png', command: 'region', options: { name: 'central-asia' } },
  { file: 'chart-rank-total.png', command: 'rank', options: { by: 'total' } },
  // The marks: Armenia not reported; a hedged share and the derived part China does not itemise.
  { file: 'chart-compare-south-caucasus.png', command: 'compare', options: { first: 'Azerbaijan', second: 'Georgia', third: 'Armenia' } },
  { file: 'chart-region-south-caucasus.png', command: 'region', options: { name: 'south-caucasus' } },
];

const { model, keyPoints } = await loadModel('data');
const links = createLinkService({ quickchartUrl: process.env.QUICKCHART_URL ?? 'https://quickchart.io' });
await mkdir('docs', { recursive: true });

for (const example of EXAMPLES) {
  const command = commands.find((c) => c.definition.name === example.command);
  if (!command) throw new Error(`no command /${example.command}`);
  let spec: ChartSpec | undefined;
  const recorder: ChartService = {
    image(s) {
      spec = s;
      return links.image(s);
    },
  };
  const ctx: CommandContext = {
    model,
    keyPoints,
    charts: recorder,
    now: () => new Date(),
    invocation: { userId: '0', guildId: null, channelId: null, memberPermissions: null },
  };
  await command.run(command.args.parse(example.options), ctx);
  if (!spec) throw new Error(`/${example.command} drew no chart`);
  await writeFile(`docs/${example.file}`, renderChartPng(spec));
  const image = links.image(spec);
  const link = image.kind === 'url' ? `link ${image.url.length} chars` : image.kind === 'omitted' ? image.reason : 'attachment';
  console.log(`docs/${example.file}  (/${example.command}; ${link})`);
}
