import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { docComment, quote } from '../../src/emit/code.js'
import { packageRoot } from '../../src/package-root.js'
import type { CatalogModel } from '../../src/model/types.js'
import { buildFeedData } from '../mock/data.js'

/**
 * The modules of src/mock that make a feed: pure, ES2022 alone (no Node API), importing only each other, evcat's
 * PRNG (`src/prng.ts`) and the runtime. They ship in the package under `mock/`, transpiled from the same sources the
 * CLI runs; the PRNG ships beside `mock/` as `prng.js`, so the relative import `../prng.js` holds in both trees.
 */
export const MOCK_FEED_MODULES = [
  'types',
  'draw',
  'go-json',
  'inject',
  'pace',
  'feed',
  'sequences/types',
  'sequences/lxd',
  'sequences/events-hub',
] as const

/** Each feed module's source, at its package path, with its runtime imports pointed at the package's runtime. */
export function mockSources(): Map<string, string> {
  const out = new Map<string, string>([['prng.ts', readFileSync(join(packageRoot(), 'src', 'prng.ts'), 'utf8')]])
  for (const name of MOCK_FEED_MODULES) {
    const text = readFileSync(join(packageRoot(), 'src', 'mock', `${name}.ts`), 'utf8')
    const depth = name.split('/').length
    const from = `'${'../'.repeat(depth)}runtime/`
    out.set(`mock/${name}.ts`, text.replaceAll(from, `'${'../'.repeat(depth)}validators/runtime/`))
  }
  return out
}

/** A family's feed data as a module: the JSON parsed once at import (faster to load than an object literal). */
export function feedDataModule(model: CatalogModel, family: string): string {
  return `export default JSON.parse(${quote(JSON.stringify(buildFeedData(model, family)))});\n`
}

/** The declaration of a feed data module. */
export function feedDataDeclaration(family: string): string {
  return `import type { FeedData } from "./types.js";\n\n${docComment(`The ${family} mock feed's data: weighted fixtures, injectable invalid ones, sequence templates.`)}declare const data: FeedData;\nexport default data;\n`
}

/** The `mock` entry point: `mockFeed(family, options)`, the same feeds `evcat mock serve` serves, in process. */
export function mockEntry(model: CatalogModel): string {
  const families = model.families.map((f) => f.id)
  return `import { feedFrames } from "./feed.js";
import { paced, type StopSignal } from "./pace.js";
import type { FeedData, FeedOptions, MockFrame } from "./types.js";

export type { FeedOptions, MockFrame };

${docComment('The families with a mock feed.')}export type MockFamily = ${families.map(quote).join(' | ')};

${docComment('Options of mockFeed(): the feed options, plus a signal that ends the feed early (an AbortSignal).')}export interface MockFeedOptions extends FeedOptions {
  readonly signal?: StopSignal;
}

const loaders: Readonly<Record<MockFamily, () => Promise<{ default: FeedData }>>> = {
${families.map((f) => `  ${quote(f)}: () => import(${quote(`./${f}.data.js`)}),\n`).join('')}};

${docComment(
  'A family\'s mock feed as an async iterable: the fixtures mixed as real traffic, realistic sequences, and invalid and drift frames at the given ratios, each frame saying what it is. The same seed gives the same frames in the same order. With `rate`, frames come at that rate (and their timestamps are 1/rate apart); without it, as fast as they are pulled. Without `count` it never ends: break out of the loop or pass a signal.\n\n@example\nfor await (const frame of mockFeed("lxd", { seed: 1, count: 100, invalid: 0.05 })) {\n  if (frame.kind !== "valid") console.log(frame.seq, frame.kind, frame.pointer);\n}',
)}export async function* mockFeed(family: MockFamily, options: MockFeedOptions = {}): AsyncGenerator<MockFrame> {
  const load = loaders[family];
  if (load === undefined) throw new RangeError(\`no mock feed for "\${String(family)}"\`);
  const { default: data } = await load();
  yield* paced(feedFrames(data, options), options.rate, options.signal);
}
`
}
