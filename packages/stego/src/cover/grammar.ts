/**
 * The grammar of the board's chatter, written for masec (no text is taken from elsewhere): sentence templates
 * with slots. `{name}` picks from a slot list (repeats weigh more); `{~a/b}` is a synonym pair, written `a`
 * three times in four (the synonym codec and the paraphraser use the same pairs).
 */

/** Synonym pairs: the first word is the common one. */
export const SYNONYM_PAIRS: readonly (readonly [string, string])[] = [
  ['meeting', 'session'], ['big', 'large'], ['quick', 'fast'], ['start', 'begin'], ['help', 'assist'],
  ['finish', 'complete'], ['small', 'minor'], ['show', 'present'], ['need', 'require'], ['try', 'attempt'],
  ['maybe', 'perhaps'], ['fix', 'repair'], ['problem', 'issue'], ['later', 'afterwards'], ['soon', 'shortly'],
  ['hard', 'difficult'], ['easy', 'simple'], ['glad', 'happy'], ['get', 'receive'], ['enough', 'sufficient'],
  ['main', 'primary'], ['buy', 'purchase'], ['idea', 'suggestion'], ['notes', 'minutes'], ['check', 'verify'],
];

export const SLOTS: Readonly<Record<string, readonly string[]>> = {
  person: ['nadia', 'omar', 'lucia', 'kofi', 'mei', 'jonas', 'priya', 'felix', 'sara', 'tariq', 'ines', 'hugo', 'dana', 'leo', 'yara', 'samir'],
  team: ['finance', 'legal', 'design', 'sales', 'support', 'ops', 'marketing', 'the vendor', 'the client', 'facilities'],
  doc: ['draft', 'slides', '{~notes/minutes}', 'figures', 'spreadsheet', 'summary', 'agenda', 'checklist', 'timeline', 'contract', 'invoice', 'outline'],
  did: ['sent', 'shared', 'updated', 'printed', 'signed', 'uploaded', 'cleaned up', 'went through', 'rewrote', 'trimmed'],
  do: ['send', 'share', 'update', 'print', 'sign', 'upload', '{~check/verify}', 'read', 'trim', 'look at'],
  when: ['lunch', 'noon', 'the weekend', 'end of day', 'the call', 'tomorrow', 'tonight', 'the {~meeting/session}', 'monday', 'friday'],
  verdict: ['good', 'solid', 'rough', 'messy', 'close', 'clean', 'tight', 'better', 'worse', 'fine', '{~easy/simple}', '{~hard/difficult}'],
  how: ['well', 'badly', 'smoothly', 'long', 'better than expected', 'as planned'],
  state: ['working', 'waiting', 'stuck', 'done', 'behind', 'ahead', 'busy'],
  want: ['numbers', 'sign off', 'approval', 'final figures', 'feedback', 'logo files', 'room booking', 'new quote', 'login details', 'contact list'],
  size: ['{~big/large}', '{~small/minor}', '{~quick/fast}', '{~main/primary}', 'short', 'long', 'clear'],
  moment: ['minute', 'minute', 'minute', 'moment'],
  place: ['the shared folder', 'the wiki', 'the tracker', 'the team drive', 'my inbox', 'the board'],
};

export const TEMPLATES: readonly string[] = [
  'i {did} the {doc} and {did} it to {person} {~later/afterwards}.',
  '{person} will {do} the {doc} before {when}.',
  'we still {~need/require} the {want} from {team}.',
  'please {do} the {doc} when you have a {moment}.',
  'the {~meeting/session} with {team} went {how}.',
  'let me know if the plan changes, it is a {size} {~problem/issue}.',
  'thanks to {person} for the {verdict} {doc}.',
  '{person} and {person} are {state} on the {doc}.',
  'i think we can {~finish/complete} it before {when}.',
  'the {want} look {verdict} so far, {~maybe/perhaps} {~later/afterwards} we {~check/verify} again.',
  'can someone {do} the {doc} for {person}?',
  'my {~notes/minutes} are in {place}.',
  'our {~meeting/session} with {team} moves to {when}.',
  'if anything is missing, tell {person} {~soon/shortly}.',
  '{team} asked for a {size} {doc}.',
  'we {did} the {doc} yesterday and it looks {verdict}.',
  '{~maybe/perhaps} we should {~start/begin} with the {doc}.',
  'there is a {size} {~problem/issue} with the {doc}.',
  '{person} can {~help/assist} if we {~get/receive} stuck.',
  'i will {~try/attempt} to {~fix/repair} the {doc} {~later/afterwards}.',
  'the {doc} should be ready {~soon/shortly}.',
  'i am {~glad/happy} the {~meeting/session} went {how}.',
  'is there {~enough/sufficient} time to {do} the {doc}?',
  'we may {~need/require} to {~buy/purchase} a {size} license.',
  '{person} had a {verdict} {~idea/suggestion} about the {doc}.',
  'the {~main/primary} {~problem/issue} is the {want}.',
  'i can {~show/present} the {doc} at the {~meeting/session}.',
  'it was {~hard/difficult} to {~get/receive} the {want} from {team}.',
  'the {doc} is in {place} now, {~get/receive} it {~soon/shortly}.',
  'good {~idea/suggestion}, {person}.',
  'i am {state} on the {doc} until {when}.',
  'we should {~check/verify} the {want} with {team}.',
  '{~maybe/perhaps} {person} has the {want}.',
  'one {size} thing: the {doc} needs a {~quick/fast} pass.',
  'no rush on the {doc}, {~finish/complete} it {~later/afterwards}.',
  'ping {person} if the {want} are late or {~hard/difficult} to {~get/receive}.',
  'all good on my side, {~glad/happy} to {~help/assist}.',
  'sorry for the {~later/afterwards} reply, i was {state}.',
  'the {doc} from {team} is {verdict}.',
  'you can {~start/begin} the {doc} {~soon/shortly}.',
];
