// `npm run nlu:train` (and `npm install`, after the word vectors): trains the understanding model on every batch not
// held out and keeps it in node_modules/.cache, so the first server start does not wait for training.
import { Understander } from "../src/nlu/understand";

const startedAt = performance.now();
new Understander();
console.log(`Understanding model ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
