// Container names as dockerd accepts and generates them: /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/ (daemon/names.go
// RestrictedNamePattern), and random "adjective_surname" names (pkg/namesgenerator) when none is given.
import { randomInt } from "node:crypto";
import { invalidArgument } from "../errors.js";

export const NAME_PATTERN = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Returns "/name" for a valid user-given name; throws Docker's 400 otherwise. */
export function normalizeName(name: string): string {
  if (!NAME_PATTERN.test(name)) throw invalidArgument(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`, name);
  return name.startsWith("/") ? name : `/${name}`;
}

const ADJECTIVES = [
  "admiring", "adoring", "affectionate", "amazing", "awesome", "blissful", "bold", "brave", "charming", "clever",
  "compassionate", "competent", "confident", "cool", "dazzling", "determined", "eager", "ecstatic", "elastic",
  "elated", "elegant", "epic", "exciting", "festive", "focused", "friendly", "gallant", "gifted", "gracious",
  "happy", "hopeful", "infallible", "inspiring", "jolly", "keen", "kind", "laughing", "loving", "lucid", "magical",
  "modest", "nice", "nifty", "optimistic", "peaceful", "pensive", "practical", "quirky", "relaxed", "serene",
  "sharp", "stoic", "sweet", "tender", "trusting", "vibrant", "vigilant", "wizardly", "youthful", "zealous",
] as const;

const SURNAMES = [
  "albattani", "allen", "archimedes", "babbage", "bardeen", "bell", "bhabha", "blackwell", "bohr", "booth",
  "cannon", "carson", "curie", "darwin", "davinci", "dijkstra", "einstein", "euclid", "euler", "faraday", "fermat",
  "feynman", "galileo", "gauss", "goldberg", "hamilton", "hawking", "heisenberg", "hopper", "hypatia", "johnson",
  "kepler", "knuth", "lamport", "lovelace", "mayer", "mccarthy", "meitner", "newton", "noether", "pascal",
  "pike", "ritchie", "shannon", "sinoussi", "tesla", "thompson", "torvalds", "turing", "wozniak", "yonath",
] as const;

/** A random name; retried with a digit suffix when taken, as namesgenerator.GetRandomName(retry) does. */
export function generateName(taken: (name: string) => boolean): string {
  for (let retry = 0; ; retry++) {
    let n = `${ADJECTIVES[randomInt(ADJECTIVES.length)]}_${SURNAMES[randomInt(SURNAMES.length)]}`;
    if (retry > 0) n += String(randomInt(10));
    if (!taken(`/${n}`)) return `/${n}`;
  }
}
