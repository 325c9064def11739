import type { InputKind } from '../types.js'

/** Every input format `evcat validate --input` takes, with what it is (shown in `evcat validate --help`). */
export const INPUT_KINDS: Readonly<Record<InputKind, string>> = {
  jsonl: 'one JSON object per line (JSON Lines, NDJSON)',
  json: 'one JSON array of objects, or one JSON object',
  'json-seq': 'RFC 7464 application/json-seq: each record starts with the RS byte (0x1E)',
  'json-concat': 'JSON objects one after another, any layout (lxc monitor --format json)',
  yaml: 'YAML documents (lxc monitor --format yaml, or separated by ---)',
}
