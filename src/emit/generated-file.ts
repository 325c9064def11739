import type { CatalogModel } from '../model/types.js'

/** One file a generator produces; pure data until the write stage. */
export interface GeneratedFile {
  /** Relative to the output folder, POSIX separators. */
  readonly path: string
  /** The body only; emit/header.ts adds the header. */
  readonly contents: string
  readonly language: 'ts' | 'js' | 'md' | 'json' | 'jsonl' | 'text' | 'yaml' | 'html' | 'css'
  /** Catalog-relative files this was generated from (they go in the header and the manifest). */
  readonly sources: readonly string[]
  /** false for files that must stay byte-exact (a LICENSE, a package.json); default true. */
  readonly header?: boolean
}

/** A generator: a name, its default options, and a pure function from the model to files. */
export interface Generator<Options = unknown> {
  readonly name: string
  readonly defaults: Options
  /**
   * The earlier generators' files this one reads from `earlier`: output paths, or folders ending in `/`. A
   * streamed run (`generateStream`) keeps only what a later generator reads; without `reads`, it keeps everything.
   */
  reads?(options: Options): readonly string[]
  /** `earlier` holds the files of the generators that ran before this one (the package builds from them). */
  generate(model: CatalogModel, options: Options, earlier: readonly GeneratedFile[]): Promise<readonly GeneratedFile[]>
}
