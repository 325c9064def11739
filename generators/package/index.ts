import type { GeneratedFile, Generator } from '../../src/emit/generated-file.js'
import { GENERATED_MARKER } from '../../src/emit/header.js'
import type { CatalogModel } from '../../src/model/types.js'
import { apiReport } from './api-report.js'
import { buildPackage } from './build.js'
import { licenseText, packageJson, packageReadme } from './manifest.js'

// The folder under out/ is fixed, not an option: `evcat validate` and the package generator read the
// generators' files at these paths.
const DIR = 'package'

/** Builds the publishable npm package (compiled JS and .d.ts, no TypeScript sources) and its API report. */
export const packageGenerator: Generator = {
  name: 'package',
  defaults: {},
  reads: () => ['types/', 'validators/'],
  async generate(
    model: CatalogModel,
    _options: unknown,
    earlier: readonly GeneratedFile[],
  ): Promise<readonly GeneratedFile[]> {
    const built = buildPackage(model, earlier)
    const sources = ['catalog.yaml', ...model.families.map((f) => `${f.id}/family.yaml`)]
    const files: GeneratedFile[] = []
    for (const [path, text] of built) {
      files.push({
        path: `${DIR}/${path}`,
        language: path.endsWith('.js') ? 'js' : 'ts',
        sources:
          path.includes('/') && !path.startsWith('mock/')
            ? sources.filter((s) => s === 'catalog.yaml' || s.startsWith(`${path.split('/')[0]}/`))
            : sources,
        contents: text,
        // Files compiled from generated sources already carry the header.
        header: !text.startsWith(`// ${GENERATED_MARKER}`),
      })
    }
    files.push({
      path: `${DIR}/package.json`,
      language: 'json',
      sources,
      contents: packageJson(model),
      header: false,
    })
    files.push({ path: `${DIR}/README.md`, language: 'md', sources, contents: packageReadme(model) })
    files.push({
      path: `${DIR}/LICENSE`,
      language: 'text',
      sources: [],
      contents: licenseText(),
      header: false,
    })
    const entries = [
      { subpath: '.', file: 'index.d.ts' },
      ...model.families.map((f) => ({ subpath: `./${f.id}`, file: `${f.id}/index.d.ts` })),
      { subpath: './mock', file: 'mock/index.d.ts' },
    ]
    files.push({ path: 'api-report.md', language: 'md', sources, contents: apiReport(built, entries) })
    return files
  },
}
