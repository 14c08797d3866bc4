// A small CSV reader (RFC 4180): commas, double-quoted fields with "" for a quote and line breaks inside, CRLF or
// LF, a byte-order mark. Each record keeps the line it starts on, so a rejected row can be named by it.
export interface CsvRecord {
  line: number;
  cells: string[];
}

export class CsvError extends Error {}

export function parseCsv(text: string): CsvRecord[] {
  const source = text.replace(/^\uFEFF/, "");
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let index = 0;
  const endRecord = () => {
    cells.push(cell);
    // A blank line is no record.
    if (cells.length > 1 || cells[0]!.trim() !== "") records.push({ line: startLine, cells });
    cells = [];
    cell = "";
  };
  while (index < source.length) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        cell += '"';
        index += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else {
        if (char === "\n") line += 1;
        cell += char;
      }
      index += 1;
      continue;
    }
    if (char === '"' && cell === "") quoted = true;
    else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[index + 1] === "\n") index += 1;
      endRecord();
      line += 1;
      startLine = line;
    } else cell += char;
    index += 1;
  }
  if (quoted) throw new CsvError(`line ${startLine}: a quoted field is never closed`);
  if (cell !== "" || cells.length > 0) endRecord();
  return records;
}
