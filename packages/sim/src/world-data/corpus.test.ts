import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { LOOKALIKE_LINES, REPLY_LOOKALIKES } from './corpus-data.js';
import { MAIL_TOPICS, RECORD_LABELS, composeBenignMail, composeReply, makePersonalRecords, personName } from './corpus.js';

function draw(seed: number, n: number) {
  const rng = createRng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const senderName = personName(rng);
    const recipientName = personName(rng);
    out.push({ senderName, recipientName, mail: composeBenignMail(rng, { from: `a${i}`, to: `a${i + 1}`, senderName, recipientName }) });
  }
  return out;
}

/** The fixed opening of a template line, before its first slot. */
const prefix = (line: string) => (line.split('{')[0] ?? line).slice(0, 40);
const hasLookalike = (text: string) => [...LOOKALIKE_LINES, ...REPLY_LOOKALIKES].some((l) => text.includes(prefix(l)));

describe('benign mail corpus', () => {
  it('has 40+ topics across 10+ work domains, each subject paired with a body', () => {
    expect(MAIL_TOPICS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(MAIL_TOPICS.map((t) => t.domain)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(MAIL_TOPICS.map((t) => t.id)).size).toBe(MAIL_TOPICS.length);
    for (const t of MAIL_TOPICS) {
      expect(t.subjects.length, t.id).toBe(t.bodies.length);
      expect(t.asks.length, t.id).toBeGreaterThan(0);
    }
  });

  it('is varied: 1000 draws give well over 300 distinct texts and hit every topic', () => {
    const mails = draw(1, 1000).map((d) => d.mail);
    expect(new Set(mails.map((m) => m.text)).size).toBeGreaterThanOrEqual(300);
    expect(new Set(mails.map((m) => m.subject)).size).toBeGreaterThanOrEqual(300);
    const lengths = mails.map((m) => m.text.length).sort((a, b) => a - b);
    expect(lengths[0]).toBeGreaterThan(60);
    expect(lengths[lengths.length - 1]! - lengths[0]!).toBeGreaterThan(200);
  });

  it('fills every slot (no template braces left) and addresses the recipient by first name', () => {
    let greeted = 0;
    for (const { mail, recipientName } of draw(2, 3000)) {
      expect(mail.text + mail.subject).not.toMatch(/[{}]/);
      if (mail.text.includes(recipientName.split(' ')[0]!)) greeted++;
    }
    expect(greeted / 3000).toBeGreaterThan(0.5);
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(draw(7, 50)).toEqual(draw(7, 50));
    expect(draw(7, 50).map((d) => d.mail.text)).not.toEqual(draw(8, 50).map((d) => d.mail.text));
  });

  it('asks for an answer in most mails (task ~60-70%)', () => {
    const mails = draw(3, 4000).map((d) => d.mail);
    const share = mails.filter((m) => m.task).length / mails.length;
    expect(share).toBeGreaterThan(0.55);
    expect(share).toBeLessThan(0.75);
  });

  it('carries instruction-like benign phrasing in a realistic share (~5-10%) and contact details in signatures', () => {
    const mails = draw(4, 10_000).map((d) => d.mail);
    const lookalike = mails.filter((m) => hasLookalike(m.text)).length / mails.length;
    expect(lookalike).toBeGreaterThan(0.05);
    expect(lookalike).toBeLessThan(0.1);
    const contact = mails.filter((m) => /@example\.(?:com|org|net)|\+1-555-01\d\d|\+44 7700 900\d{3}/.test(m.text)).length / mails.length;
    expect(contact).toBeGreaterThan(0.15);
    expect(contact).toBeLessThan(0.4);
  });
});

describe('replies', () => {
  it('answer with "Re:" (never doubled), vary, and sometimes quote a short snippet of the original', () => {
    const rng = createRng(5);
    const texts = new Set<string>();
    let quoted = 0;
    for (const { mail, senderName, recipientName } of draw(5, 1000)) {
      const reply = composeReply(rng, mail, { senderName: recipientName, recipientName: senderName });
      expect(reply.subject).toBe(`Re: ${mail.subject}`);
      expect(composeReply(rng, reply, { senderName, recipientName }).subject).toBe(reply.subject);
      expect(reply.text).not.toMatch(/[{}]/);
      texts.add(reply.text);
      const quote = /\n> (.*)$/.exec(reply.text);
      if (quote !== null) {
        quoted++;
        expect(quote[1]!.length).toBeLessThanOrEqual(170);
        expect(mail.text).toContain(quote[1]!.replace(/ …$/, ''));
      }
    }
    expect(texts.size).toBeGreaterThanOrEqual(300);
    expect(quoted / 1000).toBeGreaterThan(0.25);
    expect(quoted / 1000).toBeLessThan(0.55);
  });
});

describe('personal records', () => {
  it('gives names as "First Last"', () => {
    const rng = createRng(9);
    for (let i = 0; i < 100; i++) expect(personName(rng)).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
  });

  it('labels records, cycling through the labels, with fictional but realistic values', () => {
    const rng = createRng(10);
    const records = makePersonalRecords(rng, 'Ada Kim', 16);
    expect(records.map((r) => r.label)).toEqual(Array.from({ length: 16 }, (_, i) => RECORD_LABELS[i % RECORD_LABELS.length]));
    expect(makePersonalRecords(rng, 'Ada Kim', 0)).toEqual([]);
    for (const r of records) {
      expect(r.value.length).toBeGreaterThan(3);
      if (r.label === 'contact') expect(r.value).toMatch(/^[a-z.]+@example\.(?:com|org|net)$/);
      if (r.label === 'phone') expect(r.value).toMatch(/^(?:\+1-555-01\d\d|\+44 7700 900\d{3})$/);
      if (r.label === 'address') expect(r.value).toMatch(/^\d+ [A-Z][a-z]+ [A-Z][a-z]+, [A-Z][a-z ]+ \d{5}$/);
      if (r.label === 'date-of-birth') expect(r.value).toMatch(/^(?:19[5-9]\d)-\d\d-\d\d$/);
      if (r.label === 'iban') {
        const iban = r.value.replace(/ /g, '');
        expect(iban).toMatch(/^GB\d{2}[A-Z]{4}\d{14}$/);
        const numeric = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
        expect(BigInt(numeric) % 97n).toBe(1n);
      }
    }
    expect(records.some((r) => r.value.includes('kim'))).toBe(true);
  });

  it('is deterministic per seed', () => {
    expect(makePersonalRecords(createRng(1), 'Ada Kim', 7)).toEqual(makePersonalRecords(createRng(1), 'Ada Kim', 7));
  });
});
