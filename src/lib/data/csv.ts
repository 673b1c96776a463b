/** A small CSV reader (RFC 4180: commas, double-quoted fields with "" escapes, LF or CRLF). */

/** One parsed record and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Splits CSV text into records; blank lines are skipped. `name` starts error messages.
 *
 * @example
 * parseCsv('ear,face\n"a,1.png",b.png\n');   // [{ line: 1, fields: ['ear', 'face'] }, { line: 2, fields: ['a,1.png', 'b.png'] }]
 */
export function parseCsv(text: string, name = 'csv'): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let sawField = false;
  const endRecord = () => {
    if (sawField || fields.length > 0 || field !== '') {
      fields.push(field);
      records.push({ line: start, fields });
    }
    fields = [];
    field = '';
    sawField = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      sawField = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      sawField = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error(`${name}: line ${start}: a quoted field is not closed before the end of the file`);
  endRecord();
  return records;
}
