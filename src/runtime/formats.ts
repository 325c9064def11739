import { isExactDateTime } from './date-time.js'

/** Format checks that are functions (regex formats are inlined by ajv); the generated validators import this. */
export const formats: Readonly<Record<string, (value: string) => boolean>> = {
  'date-time': isExactDateTime,
}
