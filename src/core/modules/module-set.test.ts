import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CloseHooks, ModuleSet } from './module-set.js';
import type { Module } from './types.js';

describe('ModuleSet', () => {
  it('hands each factory what the platform and the modules before it provide', () => {
    const seen: string[][] = [];
    const counter = (d: { start: number }): Module<{ counter: { next(): number } }> => {
      seen.push(Object.keys(d));
      let n = d.start;
      return { name: 'counter', provides: { counter: { next: () => n++ } } };
    };
    const tickets = (d: { counter: { next(): number } }): Module<{ ticket: () => string }> => {
      seen.push(Object.keys(d));
      return { name: 'tickets', provides: { ticket: () => `T${d.counter.next()}` } };
    };
    const set = ModuleSet.of({ start: 7 }).add(counter).add(tickets);
    assert.deepEqual(seen, [['start'], ['start', 'counter']]);
    assert.deepEqual(
      set.modules.map((m) => m.name),
      ['counter', 'tickets'],
    );
    assert.equal(set.provided.ticket(), 'T7');
    assert.equal(set.provided.ticket(), 'T8');
  });

  it('refuses a name provided twice, naming the module and the name', () => {
    const again = (): Module<{ start: number }> => ({ name: 'again', provides: { start: 1 } });
    assert.throws(() => ModuleSet.of({ start: 0 }).add(again), /module again provides "start"/);
  });

  it('keeps modules that provide nothing (routes or channels only)', () => {
    const set = ModuleSet.of({}).add(() => ({ name: 'routes-only', routes: () => undefined }));
    assert.deepEqual(
      set.modules.map((m) => m.name),
      ['routes-only'],
    );
    assert.deepEqual(Object.keys(set.provided), []);
  });
});

describe('CloseHooks', () => {
  it('runs the hooks in reverse order of registration, once however often close() is called', async () => {
    const ran: string[] = [];
    const hooks = new CloseHooks().add('fetcher', () => void ran.push('fetcher'));
    hooks.add('uploads', async () => void ran.push('uploads')).add('dispatcher', () => void ran.push('dispatcher'));
    await Promise.all([hooks.close(), hooks.close()]);
    await hooks.close();
    assert.deepEqual(ran, ['dispatcher', 'uploads', 'fetcher']);
  });

  it('runs every hook when one fails, then rejects with the first failure, naming its hook', async () => {
    const ran: string[] = [];
    const hooks = new CloseHooks()
      .add('first', () => void ran.push('first'))
      .add('broken', () => {
        throw new Error('pool already gone');
      })
      .add('last', () => void ran.push('last'));
    await assert.rejects(hooks.close(), /closing broken: pool already gone/);
    assert.deepEqual(ran, ['last', 'first']);
  });
});
