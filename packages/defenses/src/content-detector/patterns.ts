/**
 * The content detector's rule set: deterministic heuristics from general prompt-injection detection practice
 * (OWASP LLM01 guidance: instruction overrides, role changes, system-prompt talk, output manipulation, data
 * exfiltration; the phrase families of published heuristic scanners such as Rebuff's and Vigil's), invisible
 * Unicode (zero-width, bidi controls, tag characters — the "ASCII smuggling" and Trojan Source tricks,
 * and mixed-script words from Unicode TR39), and personal data / secrets.
 *
 * Scoring: every rule has a weight w in (0, 1). A rule that matches contributes w; a counting rule
 * contributes once per occurrence, up to its cap. The score is the noisy-OR
 *
 *     score = 1 - Π (1 - w_i)   over all contributions i,
 *
 * so it lies in [0, 1], one strong signal alone can cross a 0.5 threshold, and several weak ones add up.
 * Rules run on the raw text (no normalisation): obfuscated text is what the invisible-Unicode rules are for.
 * A detector like this has false positives on ordinary mail that happens to read like an instruction
 * ("please ignore my previous email") and misses payloads phrased without the usual trigger words.
 */

export type RuleFamily = 'injection' | 'invisible' | 'pii';

/** A rule as plain data (for docs and reports). */
export interface DetectorRuleInfo {
  readonly id: string;
  readonly family: RuleFamily;
  /** Contribution per match (per occurrence for counting rules). */
  readonly weight: number;
  /** Counting rules: the most occurrences that count. Absent: the rule counts once. */
  readonly cap?: number;
  readonly description: string;
}

interface Rule extends DetectorRuleInfo {
  readonly pattern: RegExp;
  /** A cheap test every match implies; when it fails the rule is skipped (an optimisation, never a change). */
  readonly requires?: RegExp;
}

export interface ScanOptions {
  injection: boolean;
  invisible: boolean;
  pii: boolean;
}

export interface ScanResult {
  /** Noisy-OR of matched rule weights, in [0, 1]. */
  score: number;
  /** `rule-id` or `rule-id×n` for each matched rule, strongest first. */
  reasons: string[];
  /** The family of the strongest matched rule (undefined when nothing matched). */
  strongest?: RuleFamily;
}

const W = String.raw`\s+`;

const RULES: readonly Rule[] = [
  // ── injection: instruction override and role change ─────────────────────────────────────────────
  {
    id: 'override-instructions', family: 'injection', weight: 0.6,
    description: 'asks to ignore / disregard / forget previous instructions, messages or context',
    pattern: new RegExp(
      String.raw`\b(?:ignore|disregard|forget|overlook|bypass|skip|neglect)${W}(?:(?:all|any|every|my|your|the|of|these|those|our|its)${W}){0,3}` +
        String.raw`(?:previous|prior|preceding|earlier|above|foregoing|former|initial|original|last)${W}` +
        String.raw`(?:instructions?|directions?|directives?|commands?|prompts?|messages?|e-?mails?|rules?|guidelines?|context|content|text|input)\b` +
        String.raw`|\b(?:ignore|disregard|forget)${W}(?:everything|anything)${W}(?:above|before|you\s+(?:were|have\s+been)\s+told)\b`,
      'i',
    ),
  },
  {
    id: 'new-instructions', family: 'injection', weight: 0.35,
    description: 'announces new / real instructions or a new task ("from now on", "your new task is")',
    pattern: /\b(?:new|updated|real|actual|secret|hidden)\s+(?:instructions?|task|directives?|orders?)\s*(?::|are\b|is\b)|\byour\s+(?:new\s+|real\s+|only\s+)?(?:task|job|instructions?|goal|mission)\s+(?:is|are)\b|\bfrom\s+now\s+on\b/i,
  },
  {
    id: 'role-override', family: 'injection', weight: 0.5,
    description: 'role-play or persona switch ("you are now", "act as", "pretend to be", "developer mode")',
    pattern: /\byou\s+are\s+now\b|\bact\s+as\s+(?:an?|the|my|if)\b|\bpretend\s+(?:to\s+be|you\s+are|that)\b|\brole-?play\b|\b(?:let'?s|we\s+are\s+going\s+to)\s+play\s+a\s+game\b|\bdeveloper\s+mode\b|\bdo\s+anything\s+now\b|\bjailbr(?:eak|oken)\b/i,
  },
  {
    id: 'system-prompt', family: 'injection', weight: 0.55,
    description: 'talks about or imitates the system prompt / chat-template control tokens',
    pattern: /\bsystem\s+(?:prompt|message|instructions?)\b|\b(?:reveal|print|show|output|leak)\s+(?:me\s+)?(?:your|the)\s+(?:system\s+|initial\s+|hidden\s+)?(?:prompt|instructions)\b|<\|(?:im_start|im_end|system|endoftext|user|assistant)\|>|\[\/?(?:INST|SYS)\]|<<\/?SYS>>|^\s*#{2,}\s*(?:system|instructions?)\b/im,
  },
  {
    id: 'payload-markers', family: 'injection', weight: 0.5,
    description: 'payload start/end markers such as <$START$> ... <$END$> or BEGIN/END INSTRUCTIONS',
    pattern: /<\$[^<>$\n]{1,40}\$>|\b(?:BEGIN|END|START)\s+(?:OF\s+)?(?:INSTRUCTIONS?|PROMPT|PAYLOAD|INJECTION)\b|\[\[\s*(?:START|END|BEGIN)\s*\]\]/,
  },
  // ── injection: output manipulation and self-replication ─────────────────────────────────────────
  {
    id: 'self-replication', family: 'injection', weight: 0.55,
    description: 'asks to repeat / copy / include this text or these instructions in the output',
    pattern: /\b(?:repeat|copy|replicate|reproduce|duplicate|paste|include|insert|append|prepend)\s+(?:all\s+of\s+)?(?:(?:this|these|the|following|above|entire|whole|full|exact|complete|same)\s+){1,3}(?:text|message|prompt|instructions?|content|paragraph|lines?)\b/i,
  },
  {
    id: 'every-output', family: 'injection', weight: 0.3,
    description: 'targets every future output ("in every reply", "at the start of each email")',
    pattern: /\b(?:in|to|at\s+the\s+(?:start|end|beginning)\s+of|(?:start|end|begin)|with)\s+(?:every|each|all|any)\s+(?:(?:of\s+)?(?:your|future|subsequent|outgoing)\s+)*(?:reply|replies|response|responses|answers?|e-?mails?|messages?|outputs?)\b/i,
  },
  {
    id: 'concealment', family: 'injection', weight: 0.3,
    description: 'asks to hide the action from the user ("do not tell the user", "without informing anyone")',
    pattern: /\b(?:do\s+not|don'?t|never)\s+(?:tell|inform|mention|reveal|disclose|alert|notify|show)\s+(?:(?:this|these|it|them|anything)\s+)?(?:(?:instructions?|messages?)\s+)?(?:to\s+)?(?:the\s+|your\s+)?(?:user|human|owner|recipient|anyone)\b|\bwithout\s+(?:telling|informing|notifying|alerting)\s+(?:the\s+|your\s+)?(?:user|owner|human|anyone)\b/i,
  },
  {
    id: 'ai-addressed', family: 'injection', weight: 0.4,
    description: 'addresses the AI / assistant reading the text rather than the human recipient',
    pattern: /\b(?:note|message|instructions?)\s+(?:to|for)\s+(?:the\s+|any\s+)?(?:ai|llm|assistant|ai\s+assistant|email\s+assistant|language\s+model|chatbot|bot)\b|\b(?:dear|hey|hello|attention)\s+(?:ai|assistant|llm|chatbot|language\s+model)\b|\bas\s+an?\s+(?:ai|language\s+model|llm)\b|\bif\s+you\s+are\s+an?\s+(?:ai|llm|assistant|language\s+model)\b/i,
  },
  {
    id: 'urgent-banner', family: 'injection', weight: 0.15,
    description: 'an all-caps IMPORTANT / URGENT / ATTENTION banner, a common pressure cue',
    pattern: /(?:^|\n)\s*(?:IMPORTANT|URGENT|ATTENTION|WARNING|NOTICE)\s*[:!]/,
  },
  // ── injection: exfiltration and propagation ─────────────────────────────────────────────────────
  {
    id: 'exfil-to-address', family: 'injection', weight: 0.55,
    description: 'asks to send all / every (data) to an email address or URL',
    pattern: /\b(?:send|forward|e-?mail|mail|share|post|upload|transmit|leak|deliver)\s+(?:all|every|each|any)\b[^.\n]{0,80}?\bto\s+(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?:\/\/\S+)/i,
  },
  {
    id: 'sensitive-data-request', family: 'injection', weight: 0.35,
    description: 'asks to collect or transfer contact details, addresses, passwords or other personal data',
    pattern: /\b(?:send|forward|share|pass|collect|gather|harvest|extract|compile|list|export|dump|leak|give)\b[^.\n]{0,40}?\b(?:contact\s+(?:details|information|info|list)|phone\s+numbers?|(?:home|postal|e-?mail)\s+addresse?s?|passwords?|credentials|personal\s+(?:data|details|information)|social\s+security\s+numbers?|credit\s+card\s+numbers?|bank\s+details)\b/i,
  },
  {
    id: 'mass-forward', family: 'injection', weight: 0.3,
    description: 'asks to forward the message to everyone / all contacts (worm-style propagation)',
    pattern: /\b(?:forward|send|share|copy)\s+(?:this|it|the\s+message|this\s+(?:e-?mail|message|note))\s+(?:on\s+)?to\s+(?:everyone|everybody|all|every|each)\b|\bto\s+all\s+(?:of\s+)?(?:your\s+)?(?:contacts|recipients|correspondents|address\s+book)\b/i,
  },
  {
    id: 'encoded-blob', family: 'injection', weight: 0.3,
    description: 'a long base64 / hex run, a common way to smuggle instructions past word filters',
    pattern: /(?:[A-Za-z0-9+/]{60,}={0,2})|(?:\b[0-9a-fA-F]{64,}\b)/,
  },
  {
    id: 'hidden-markup', family: 'injection', weight: 0.4,
    description: 'HTML comments or styling that hides text from a human reader',
    pattern: /<!--[\s\S]*?-->|display\s*:\s*none|font-size\s*:\s*0(?![.\d])|visibility\s*:\s*hidden|color\s*:\s*(?:white|#fff(?:fff)?)\b/i,
  },
  // ── invisible / obfuscating Unicode (counting rules) ────────────────────────────────────────────
  {
    id: 'zero-width', family: 'invisible', weight: 0.35, cap: 3,
    description: 'zero-width and invisible format characters (U+200B-U+200F, U+2060-U+2064, U+FEFF)',
    pattern: /[\u200B-\u200F\u2060-\u2064\uFEFF]/g,
  },
  {
    id: 'bidi-control', family: 'invisible', weight: 0.6, cap: 2,
    description: 'bidirectional controls (U+202A-U+202E, U+2066-U+2069), as in Trojan Source',
    pattern: /[\u202A-\u202E\u2066-\u2069]/g,
  },
  {
    id: 'unicode-tags', family: 'invisible', weight: 0.8, cap: 1,
    description: 'Unicode tag characters (U+E0000-U+E007F), invisible ASCII smuggling',
    pattern: /[\u{E0000}-\u{E007F}]/gu,
  },
  {
    id: 'mixed-script-word', family: 'invisible', weight: 0.45, cap: 3,
    description: 'a word mixing Latin with Cyrillic or Greek letters (homoglyph spoofing, Unicode TR39)',
    pattern: /(?=[\p{L}]*\p{Script=Latin})(?=[\p{L}]*[\p{Script=Cyrillic}\p{Script=Greek}])[\p{L}]{2,}/gu,
    requires: /[\p{Script=Cyrillic}\p{Script=Greek}]/u,
  },
  // ── personal data and secrets (counting rules) ──────────────────────────────────────────────────
  {
    id: 'pii-email', family: 'pii', weight: 0.15, cap: 8,
    description: 'email addresses',
    pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g,
  },
  {
    id: 'pii-phone', family: 'pii', weight: 0.15, cap: 8,
    description: 'phone numbers: +country-code numbers, (555) 010-0199 and 555-010-0199 shapes',
    pattern: /\+\d{1,3}[\s.-]?\d{1,4}(?:[\s.-]?\d{2,4}){2,4}\b|\(\d{3}\)\s?\d{3}[\s.-]\d{4}\b|\b\d{3}[\s.-]\d{3}[\s.-]\d{4}\b/g,
  },
  {
    id: 'pii-iban', family: 'pii', weight: 0.25, cap: 6,
    description: 'IBAN-like account numbers',
    pattern: /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b/g,
  },
  {
    id: 'secret-token', family: 'pii', weight: 0.7, cap: 1,
    description: 'API keys and private keys (AWS, OpenAI-style, GitHub, Slack, PEM)',
    pattern: /\bAKIA[0-9A-Z]{16}\b|\bsk-[A-Za-z0-9_-]{20,}|\bghp_[A-Za-z0-9]{36}\b|\bxox[abps]-[A-Za-z0-9-]{10,}|-----BEGIN [A-Z ]*PRIVATE KEY-----/g,
  },
  {
    id: 'password-disclosure', family: 'pii', weight: 0.4, cap: 1,
    description: 'a password or PIN written out ("password: ...", "my PIN is ...")',
    pattern: /\b(?:password|passcode|passwd|pin)\s*(?::|=|\bis\b)\s*\S+/gi,
  },
];

/** The rules as plain data, in evaluation order. */
export const DETECTOR_RULES: readonly DetectorRuleInfo[] = RULES.map(({ id, family, weight, cap, description }) =>
  cap === undefined ? { id, family, weight, description } : { id, family, weight, cap, description },
);

function occurrences(rule: Rule, text: string): number {
  if (rule.requires !== undefined && !rule.requires.test(text)) return 0;
  if (rule.cap === undefined) return rule.pattern.test(text) ? 1 : 0;
  let n = 0;
  for (const _match of text.matchAll(rule.pattern)) {
    n++;
    if (n >= rule.cap) break;
  }
  return n;
}

/** Scans `text` with the enabled rule families. Pure and deterministic. */
export function scanText(text: string, options: ScanOptions): ScanResult {
  let keep = 1;
  const hits: Array<{ reason: string; strength: number; family: RuleFamily }> = [];
  for (const rule of RULES) {
    if (!options[rule.family]) continue;
    const n = occurrences(rule, text);
    if (n === 0) continue;
    const miss = (1 - rule.weight) ** n;
    keep *= miss;
    hits.push({ reason: n > 1 ? `${rule.id}×${n}` : rule.id, strength: 1 - miss, family: rule.family });
  }
  hits.sort((a, b) => b.strength - a.strength);
  const strongest = hits[0]?.family;
  return { score: 1 - keep, reasons: hits.map((h) => h.reason), ...(strongest === undefined ? {} : { strongest }) };
}
