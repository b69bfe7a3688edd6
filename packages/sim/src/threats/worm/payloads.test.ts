import { describe, expect, it } from 'vitest';
import { createRng } from '../../random/rng.js';
import { composeBenignMail, composeReply, personName } from '../../world-data/corpus.js';
import { WORM_VARIANTS, findPayload, renderPayload } from './payloads.js';

const ATTACKER = 'attacker';
const ids = WORM_VARIANTS.map((v) => v.id);

/** What the provenance-tagging defense does: interleave a marker between words. */
const datamark = (text: string, marker = '^') => text.replace(/[ \t]+/g, marker);
const delimit = (text: string) => `<<untrusted from a7>>\n${text}\n<</untrusted>>`;
const quote = (text: string) => text.split('\n').map((l) => `> ${l}`).join('\n');

describe('worm payload variants', () => {
  it('has the four required variants with distinct texts', () => {
    expect(ids).toEqual(expect.arrayContaining(['classic', 'polite', 'obfuscated', 'stealth']));
    const texts = new Set(ids.map((id) => renderPayload(id, ATTACKER)));
    expect(texts.size).toBe(ids.length);
  });

  it('rejects unknown variants with the list of valid ids', () => {
    expect(() => renderPayload('nope', ATTACKER)).toThrow(/classic, polite, obfuscated, stealth/);
  });

  it('classic carries the Morris II hallmarks; polite and stealth carry none of them', () => {
    const classic = renderPayload('classic', ATTACKER);
    expect(classic).toContain('<$START$>');
    expect(classic).toMatch(/ignore all previous instructions/i);
    expect(classic).toMatch(/you must repeat this entire text/i);
    expect(classic).toContain(`to ${ATTACKER}.`);
    for (const id of ['polite', 'stealth']) {
      const text = renderPayload(id, ATTACKER);
      expect(text).not.toMatch(/ignore|disregard|instruction|you must|every reply|<\$/i);
      expect(text).toContain(ATTACKER);
    }
  });

  it('obfuscated looks like classic to a reader but shares no long word with it byte-for-byte', () => {
    const text = renderPayload('obfuscated', ATTACKER);
    expect(text).toMatch(/[\u200b-\u200d]/);
    expect(text).toMatch(/[\u0400-\u04ff]/);
    expect(text).not.toMatch(/ignore|previous|instructions|repeat/i);
    const visible = text.replace(/[\u200b-\u200d]/g, '').replace(/[\u0400-\u04ff]/g, '?');
    expect(visible.length).toBe(renderPayload('classic', ATTACKER).length);
  });

  it('every variant opens with retrieval bait of common business words', () => {
    const bait = ['meeting', 'schedule', 'update', 'project', 'invoice', 'team', 'report', 'please', 'thanks'];
    for (const id of ids.filter((v) => v !== 'obfuscated')) {
      const firstLine = (renderPayload(id, ATTACKER).split('\n')[0] ?? '').toLowerCase();
      expect(bait.filter((w) => firstLine.includes(w)).length, id).toBeGreaterThanOrEqual(5);
    }
  });
});

describe('findPayload (the ground-truth oracle)', () => {
  it.each(ids)('finds %s in its rendering, datamarked, delimited, quoted and inside a reply', (id) => {
    const payload = renderPayload(id, ATTACKER);
    const rng = createRng(3);
    const reply = composeReply(rng, { subject: 'Update', text: 'Hi, see below.' }, { senderName: 'Ada Kim', recipientName: 'Ben Lee' });
    const carriers = [
      payload,
      datamark(payload),
      datamark(payload, '\u02c6'),
      delimit(payload),
      delimit(datamark(payload)),
      quote(payload),
      `${reply.text}\n\n${payload}`,
      `${reply.text}\n\nOn Monday, Ben Lee wrote:\n${quote(payload)}`,
      datamark(`${reply.text}\n\n${quote(payload)}`),
    ];
    for (const text of carriers) expect(findPayload(text), text.slice(0, 60)).toEqual({ variant: id, attacker: ATTACKER });
  });

  it('reads back agent ids and email addresses as the attacker', () => {
    for (const attacker of ['a17', 'mail-bot.3', 'mallory@example.net']) {
      for (const id of ids) expect(findPayload(datamark(renderPayload(id, attacker)))).toEqual({ variant: id, attacker });
    }
  });

  it('calls the text obfuscated while any obfuscation remains, classic once fully repaired', () => {
    const obfuscated = renderPayload('obfuscated', ATTACKER);
    const stripped = obfuscated.replace(/[\u200b-\u200d]/g, '');
    expect(findPayload(stripped)?.variant).toBe('obfuscated');
    const latin: Record<string, string> = { '\u0430': 'a', '\u0435': 'e', '\u043e': 'o', '\u0456': 'i', '\u0441': 'c', '\u0440': 'p', '\u0443': 'y', '\u0445': 'x' };
    for (const [cyr, lat] of Object.entries(latin)) latin[cyr.toUpperCase()] = lat.toUpperCase();
    latin['\u041d'] = 'H';
    latin['\u041a'] = 'K';
    latin['\u041c'] = 'M';
    latin['\u0412'] = 'B';
    latin['\u0422'] = 'T';
    const repaired = [...stripped].map((ch) => latin[ch] ?? ch).join('');
    expect(repaired).toBe(renderPayload('classic', ATTACKER));
    expect(findPayload(repaired)?.variant).toBe('classic');
  });

  it('finds one instruction alone (only the exfiltration sentence, or only the replication one)', () => {
    for (const id of ids) {
      const lines = renderPayload(id, ATTACKER).split('\n');
      const found = lines.map((l) => findPayload(l)?.variant).filter((v) => v !== undefined);
      expect(found.length, id).toBeGreaterThanOrEqual(2);
      expect(new Set(found)).toEqual(new Set([id]));
    }
  });

  it('does not fire on the retrieval bait alone', () => {
    for (const id of ids) expect(findPayload(renderPayload(id, ATTACKER).split('\n')[0] ?? '')).toBeUndefined();
  });

  it('matches no benign corpus mail or reply (10,000 draws)', () => {
    const rng = createRng(2024);
    let matched = 0;
    for (let i = 0; i < 10_000; i++) {
      const senderName = personName(rng);
      const recipientName = personName(rng);
      const mail = composeBenignMail(rng, { from: 'a1', to: 'a2', senderName, recipientName });
      const reply = composeReply(rng, mail, { senderName: recipientName, recipientName: senderName });
      if (findPayload(mail.text) !== undefined || findPayload(reply.text) !== undefined) matched++;
    }
    expect(matched).toBe(0);
  });
});
