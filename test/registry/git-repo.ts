import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A throwaway git repository holding a copy of a catalog folder at `catalog/`, with helpers to change it. */
export interface TempRepo {
  readonly dir: string
  readonly catalog: string
  git(...args: string[]): string
  /** Commits everything; returns the commit id. */
  commit(message: string): string
  write(path: string, text: string): void
  read(path: string): string
  /** Replaces one substring in a file under the repository (fails loudly when it is not there). */
  edit(path: string, from: string, to: string): void
  remove(): void
}

/** Makes a repository in a temp folder with the catalog committed once (and nothing else). */
export function tempRepo(catalogDir: string, prefix = 'evcat-repo-'): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const catalog = join(dir, 'catalog')
  cpSync(catalogDir, catalog, { recursive: true })
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      [
        '-c',
        'user.name=evcat',
        '-c',
        'user.email=evcat@localhost',
        '-c',
        'commit.gpgsign=false',
        '-c',
        'tag.gpgsign=false',
        ...args,
      ],
      { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    )
  git('init', '-q', '-b', 'main')
  const repo: TempRepo = {
    dir,
    catalog,
    git,
    commit(message) {
      git('add', '-A')
      git('commit', '-q', '--allow-empty', '-m', message)
      return git('rev-parse', 'HEAD').trim()
    },
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    },
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    edit(path, from, to) {
      const text = readFileSync(join(dir, path), 'utf8')
      if (!text.includes(from)) throw new Error(`${path} has no ${JSON.stringify(from)}`)
      writeFileSync(join(dir, path), text.replace(from, to))
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
  repo.commit('catalog')
  return repo
}
