import type { GeneratedFile, Generator } from '../../src/emit/generated-file.js'
import type { CatalogModel } from '../../src/model/types.js'
import { snapshotOf } from '../../src/registry/snapshot.js'
import { serializeSnapshot } from '../../src/registry/snapshot-json.js'
import { SNAPSHOT_FILE } from '../../src/registry/files.js'

// The publishable package's folder of out/, where the package generator builds it.
const DIR = 'package'

/**
 * Writes `package/catalog.json`: the composed message schema of every event, the shared fragments and the
 * discriminators, each repeated subtree stored once. `evcat diff --against @evcat/events@X` compares with it, so a
 * published version can be compared without its catalog files (about 300 kB, 32 kB in the tarball).
 */
export const snapshotGenerator: Generator = {
  name: 'snapshot',
  defaults: {},
  reads: () => [],
  async generate(model: CatalogModel): Promise<readonly GeneratedFile[]> {
    return [
      {
        path: `${DIR}/${SNAPSHOT_FILE}`,
        language: 'json',
        sources: model.files.map((f) => f.path),
        contents: serializeSnapshot(snapshotOf(model)),
        header: false,
      },
    ]
  },
}
