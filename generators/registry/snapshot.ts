import type { GeneratedFile, Generator } from '../../src/emit/generated-file.js'
import type { CatalogModel } from '../../src/model/types.js'
import { snapshotOf } from '../../src/registry/snapshot.js'
import { serializeSnapshot } from '../../src/registry/snapshot-json.js'
import { SNAPSHOT_FILE } from '../../src/registry/source/npm.js'

/** Options of the snapshot generator. */
export interface SnapshotOptions {
  /** Folder of the publishable package under the output folder. @default "package" */
  readonly dir: string
}

/**
 * Writes `package/catalog.json`: the composed message schema of every event, the shared fragments and the
 * discriminators, each repeated subtree stored once. `evcat diff --against @evcat/events@X` compares with it, so a
 * published version can be compared without its catalog files (about 300 kB, 32 kB in the tarball).
 */
export const snapshotGenerator: Generator<SnapshotOptions> = {
  name: 'snapshot',
  defaults: { dir: 'package' },
  async generate(model: CatalogModel, options: SnapshotOptions): Promise<readonly GeneratedFile[]> {
    return [
      {
        path: `${options.dir}/${SNAPSHOT_FILE}`,
        language: 'json',
        sources: model.files.map((f) => f.path),
        contents: serializeSnapshot(snapshotOf(model)),
        header: false,
      },
    ]
  },
}
