// Frustration and distress: swearing, words aimed at the bot, or a strongly negative message (natural's AFINN
// sentiment). Any of these and the bot offers a person instead of another question.
import SentimentAnalyzer from "natural/lib/natural/sentiment/SentimentAnalyzer";
import { PorterStemmer } from "natural/lib/natural/stemmers";

const analyzer = new SentimentAnalyzer("English", PorterStemmer, "afinn");
const SWEARING = /\b(f+u+c+k+[a-z]*|fck[a-z]*|fk|fkn|sh[i1]t[a-z]*|crap|bollocks|bastard[s]?|bloody|wank[a-z]*|twat[s]?|piss(ed)? off|c+u+n+t+[a-z]*|dick ?head|ffs|wtf|arse)\b/;
const AT_THE_BOT = /\b(useless|stupid|rubbish|pointless|ridiculous|waste of time|not listening|doesnt understand|dont understand me|robot|bot is|this bot|this thing|going round in circles|again and again)\b/;
const DISTRESS = /\b(cant cope|at the end of my tether|breaking down|so stressed|desperate|in tears|crying|cant take (it|any more|anymore)|please help me)\b/;

/** Sentiment below this, on a message of a few words or more, counts as distress. */
const NEGATIVE = -0.5;

export function isFrustrated(corrected: string): boolean {
  if (SWEARING.test(corrected) || AT_THE_BOT.test(corrected) || DISTRESS.test(corrected)) return true;
  const words = corrected.split(" ").filter((word) => word.length > 0);
  return words.length >= 3 && analyzer.getSentiment(words) <= NEGATIVE;
}
