// natural ships types for its package index only; these are the submodules we import to avoid the index's side effects.
declare module "natural/lib/natural/classifiers/bayes_classifier" {
  export default class BayesClassifier {
    constructor(stemmer?: unknown, smoothing?: number);
    addDocument(text: string | string[], label: string): void;
    train(): void;
    getClassifications(observation: string | string[]): { label: string; value: number }[];
  }
}

declare module "an-array-of-english-words" {
  const words: string[];
  export default words;
}

declare module "natural/lib/natural/sentiment/SentimentAnalyzer" {
  export default class SentimentAnalyzer {
    constructor(language: string, stemmer: unknown, vocabulary: "afinn" | "senticon" | "pattern");
    getSentiment(words: string[]): number;
  }
}
