/** Reading and writing a calibration file (`masec calibrate`): JSON or YAML, checked against its schema. */
import { parse, stringify } from 'yaml';
import { type CalibrationFile, CalibrationFileSchema, type IssueLocation, MasecError, formatIssue } from '@masec/spec';

/** Parses and validates the text of a calibration file; errors name the file and the field. */
export function parseCalibration(text: string, file: string): CalibrationFile {
  let data: unknown;
  try {
    data = parse(text);
  } catch (cause) {
    const issue: IssueLocation = { file, path: '', message: `not valid JSON or YAML: ${(cause as Error).message.split('\n')[0] ?? ''}` };
    throw new MasecError('SCENARIO_INVALID', formatIssue(issue), { issues: [issue], cause });
  }
  const result = CalibrationFileSchema.safeParse(data);
  if (result.success) return result.data;
  const issues: IssueLocation[] = result.error.issues.map((issue) => ({
    file,
    path: issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join(''),
    message: issue.message,
  }));
  throw new MasecError('SCENARIO_INVALID', [`${file}: not a masec calibration file`, ...issues.map((i) => `  ${formatIssue(i)}`)].join('\n'), { issues });
}

export type CalibrationFormat = 'json' | 'yaml';

/** The format a calibration file's name asks for (`.json`, `.yaml`, `.yml`), or undefined for any other name. */
export function calibrationFormatOf(file: string): CalibrationFormat | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return undefined;
}

/** The text of a calibration file, checked against its schema first (a file this writes always reads back). */
export function formatCalibration(file: CalibrationFile, format: CalibrationFormat): string {
  const checked = CalibrationFileSchema.parse(file);
  return format === 'json' ? `${JSON.stringify(checked, null, 2)}\n` : stringify(checked);
}
