// What a date in an organiser's document is proposed as: the kind and who delivers, read from the clause the date
// stands in. A date at which the college, the raad or the DB decides, or something takes effect, is no deadline for
// the adviesraad and is not proposed ("zodat het college ... in het eerste kwartaal van 2027 kan vaststellen").
import { describe, expect, it } from 'vitest';
import { clauseOf, proposeDeadlines } from '../../../src/domain/documents/proposals.js';

const NOW = new Date('2026-12-02T10:00:00+01:00');
const document = { title: 'Adviesaanvraag Wmo 2027', date: '2026-12-01' };

/** The proposals of one paragraph: [expression, kind, body] each. */
function proposed(text: string): Array<[string, string, string]> {
  return proposeDeadlines([{ id: 'd-1', n: 1, paragraph: 1, text }], document, NOW).map((p) => [p.expression, p.kind, p.body]);
}

describe('deadlines proposed from a document', () => {
  it.each<[string, Array<[string, string, string]>]>([
    // The adviesraad asked, the college deciding after: only the first is a deadline.
    [
      'Wij ontvangen uw advies graag uiterlijk 15 januari 2027, zodat het college de verordening in het eerste kwartaal van 2027 kan vaststellen.',
      [['uiterlijk 15 januari 2027', 'advies', 'adviesraad']],
    ],
    ['Het college vraagt de adviesraad voor 1 maart 2027 advies uit te brengen, waarna het college in april 2027 besluit.', [['voor 1 maart 2027', 'advies', 'adviesraad']]],
    ['Wij vragen u voor 1 maart 2027 te reageren op het voorstel.', [['voor 1 maart 2027', 'reactie', 'adviesraad']]],
    // Decisions and what takes effect: nobody on the register delivers anything then.
    ['De gemeenteraad besluit in maart 2027 over de verordening.', []],
    ['Het college stelt de verordening in het tweede kwartaal van 2027 vast.', []],
    ['Het dagelijks bestuur van de MGR neemt in februari 2027 een besluit over de DVO.', []],
    ['De nieuwe verordening treedt in juli 2027 in werking.', []],
    ['De verordening wordt naar verwachting in mei 2027 door de raad vastgesteld.', []],
    // Someone else delivers, with the right label.
    ['Het college reageert voor 1 april 2027 op uw advies.', [['voor 1 april 2027', 'reactie', 'college']]],
    ['De gemeenteraad wordt gevraagd zijn wensen en bedenkingen te geven binnen zes weken na ontvangst van het ontwerp.', [['binnen zes weken na ontvangst van het ontwerp', 'wensen en bedenkingen', 'gemeenteraad']]],
    ['De raad behandelt het voorstel in maart 2027.', [['in maart 2027', 'vergadering', 'gemeenteraad']]],
    // "adviesraad" is no word for an advice.
    ['Graag bespreken wij het ontwerp met de adviesraad in een bijeenkomst in januari 2027.', [['in januari 2027', 'vergadering', 'adviesraad']]],
    ['Uw zienswijze op de begroting ontvangen wij graag vóór 15 februari 2027.', [['graag vóór 15 februari 2027', 'zienswijze', 'adviesraad']]],
  ])('%s', (text, expected) => {
    expect(proposed(text)).toEqual(expected);
  });

  it('reads the clause a date stands in, up to a conjunction that starts another', () => {
    const sentence = 'Wij ontvangen uw advies graag uiterlijk 15 januari 2027, zodat het college de verordening in het eerste kwartaal van 2027 kan vaststellen.';
    expect(clauseOf(sentence, 'uiterlijk 15 januari 2027')).toBe('Wij ontvangen uw advies graag uiterlijk 15 januari 2027');
    expect(clauseOf(sentence, 'in het eerste kwartaal van 2027')).toBe('zodat het college de verordening in het eerste kwartaal van 2027 kan vaststellen.');
  });
});
