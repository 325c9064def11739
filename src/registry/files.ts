// The registry's file names, in a module of their own: the generators that write out/ name them, and importing
// them from the modules that read those files would count that code in out/'s inputs fingerprint.

/** The file, in the catalog folder, that lists intended changes: shown by `evcat diff`, never failing it. */
export const ACCEPTED_FILE = 'accepted-changes.yaml'

/** The file of the package that `evcat diff` compares with (see generators/registry/snapshot.ts). */
export const SNAPSHOT_FILE = 'catalog.json'
