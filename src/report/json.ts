// Machine-readable report: the ScanResult as it is, versioned by `schemaVersion` and specified by
// docs/report.schema.json.
import type { ScanResult } from '../scan/result';

export function renderJson(result: ScanResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
