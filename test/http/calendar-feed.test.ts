// What a member sees in Outlook for each deadline of the feed: its kind once, then its title.
import { describe, expect, it } from 'vitest';
import { calendarFeed, withKind } from '../../src/http/calendar.js';
import { deadline } from '../support/card-samples.js';

describe('calendar feed titles', () => {
  it('names the kind once: a title from a document already opens with it ("Advies: Adviesaanvraag ...")', () => {
    expect(withKind('Advies', 'Advies: Adviesaanvraag Wmo-hulpmiddelen 2027')).toBe('Advies: Adviesaanvraag Wmo-hulpmiddelen 2027');
    expect(withKind('Zienswijze', 'Zienswijze DVO: reactie Beuningen')).toBe('Zienswijze DVO: reactie Beuningen');
    expect(withKind('Advies', 'BAR over de DVO')).toBe('Advies: BAR over de DVO');
  });

  it('writes the title into the feed without the kind twice', () => {
    const feed = calendarFeed('Adviesraad', [{ ...deadline, kind: 'advies', title: 'Advies: Adviesaanvraag Wmo-hulpmiddelen 2027' }]);
    expect(feed).toContain('SUMMARY:Advies: Adviesaanvraag Wmo-hulpmiddelen 2027');
    expect(feed).not.toContain('Advies: Advies:');
  });
});
