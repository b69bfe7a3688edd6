/** Reading a calibration file (written by `masec calibrate`): JSON or YAML, checked against its schema. */
import { parse } from 'yaml';
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
