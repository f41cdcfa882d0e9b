import { describe, expect, it } from 'vitest';
import { Analyzer, fold, words } from '../../../src/domain/answering/normalize.js';
import { editDistanceAtMost } from '../../../src/domain/answering/edit-distance.js';

const analyzer = new Analyzer({
  synonyms: [['dvo', 'dienstverleningsovereenkomst'], ['mgr', 'modulaire gemeenschappelijke regeling']],
  forms: { adviezen: 'advies' },
  stopwords: [],
  names: ['wijchen'],
  actions: [],
});
analyzer.learn([
  'Participatiecoaching wordt ondergebracht bij het WerkBedrijf.',
  'De participatie van inwoners en coaching van klanten.',
  'De focusgroepen van de DVO en de werknemersbenadering.',
  'focus op groepen, werknemers en benadering',
]);

describe('Dutch text handling', () => {
  it('folds case, accents, y for ij, euro amounts and percentages', () => {
    expect(fold('Cliëntenraad')).toBe('clientenraad');
    expect(words('Zienswyze €81.000 en 15%')).toEqual(['zienswijze', 'euro', '81000', 'en', '15', 'procent']);
    expect(words('deeladvies 1.2 en 2025.')).toEqual(['deeladvies', '1.2', 'en', '2025']);
  });

  it('maps abbreviations and multi-word names onto one term', () => {
    expect(analyzer.normalizedWords('de Dienstverleningsovereenkomst')).toEqual(['de', 'dvo']);
    expect(analyzer.normalizedWords('Modulaire Gemeenschappelijke Regeling Rijk')).toEqual(['mgr', 'rijk']);
    expect(analyzer.normalizedWords('adviezen')).toEqual(['advies']);
  });

  it('splits compounds into known words, with or without a linking s', () => {
    expect(analyzer.splitCompound('participatiecoaching')).toEqual(['participatie', 'coaching']);
    expect(analyzer.splitCompound('werknemersbenadering')).toEqual(['werknemers', 'benadering']);
    expect(analyzer.splitCompound('onbekendwoord')).toBeUndefined();
  });

  it('finds the same terms for a compound written together or apart', () => {
    const together = analyzer.indexTerms('participatiecoaching');
    const apart = analyzer.analyzeQuery('participatie coaching').terms.map((t) => t.term);
    expect(apart.filter((t) => together.includes(t)).length).toBeGreaterThanOrEqual(2);
    const joined = analyzer.analyzeQuery('focus groepen').terms.map((t) => t.term);
    expect(joined).toContain(analyzer.stem('focusgroepen'));
  });

  it('stems Dutch plurals onto their singular', () => {
    expect(analyzer.stem('focusgroepen')).toBe(analyzer.stem('focusgroep'));
    expect(analyzer.stem('jongeren')).toBe(analyzer.stem('jongere'));
  });

  it('reads a misspelled name in a question as the name, but takes the base\'s own texts as written', () => {
    expect(analyzer.normalizedWords('wychen wijgen wijchen', true)).toEqual(['wijchen', 'wijchen', 'wijchen']);
    expect(analyzer.normalizedWords('wijgen')).toEqual(['wijgen']);
  });

  it('does not read two numbers written apart as one ("deel 1 t/m 3" is no 13)', () => {
    const a = new Analyzer({ synonyms: [], forms: {}, stopwords: [], names: [], actions: [] });
    a.learn(['Er zijn 13 deelnemers en 1 loket.']);
    expect(a.analyzeQuery('waar gaan deel 1 t/m 3 over').terms.map((t) => t.term)).not.toContain('13');
  });

  it('gives a light finite verb less weight, but not a verb the lexicon names or the verb of a separable pair', () => {
    const a = new Analyzer({ synonyms: [['vastgesteld', 'besloot'], ['aflopen', 'loopt af', 'afloopt']], forms: {}, stopwords: [], names: [], actions: ['vastgesteld'] });
    a.learn(['Jongeren tot 27 jaar zijn een focusgroep. De regeling kan aflopen.']);
    expect(a.analyzeQuery('tot welke leeftijd tellen jongeren als focusgroep?').importance.get('tellen')).toBeLessThan(1);
    expect(a.analyzeQuery('welke organisatie voert de regeling uit').importance.get('voert')).toBeLessThan(1);
    const decided = a.analyzeQuery('wat besloot de raad?');
    expect(decided.importance.has('vastgesteld')).toBe(false);
    expect(decided.required).toEqual(new Set(['vastgesteld']));
    expect(a.analyzeQuery('wanneer loopt de regeling af?').importance.size).toBe(0);
  });

  it('gives an unknown participle or closing infinitive less weight than a noun', () => {
    const a = new Analyzer({ synonyms: [], forms: {}, stopwords: [], names: [], actions: [] });
    a.learn(['De BAR vindt het woord zorgjongeren niet passend.']);
    expect(a.analyzeQuery('welk woord heeft de bar gekozen').importance.get('gekozen')).toBe(0.5);
    expect(a.analyzeQuery('hoe wil de bar jongeren omschrijven').importance.get('omschrijven')).toBe(0.5);
    // A noun the base does not know keeps its full weight, as does a known word.
    expect(a.analyzeQuery('wat vindt de bar van de voorzitter').importance.has('voorzitter')).toBe(false);
    expect(a.analyzeQuery('welk woord vindt de bar niet passend').importance.has('passend')).toBe(false);
  });

  it('joins a separable verb whose particle ends the question', () => {
    const a = new Analyzer({ synonyms: [['aflopen', 'loopt af', 'afloopt']], forms: {}, stopwords: [], names: [], actions: [] });
    a.learn(['De regeling kan aflopen.']);
    const terms = a.analyzeQuery('wanneer loopt de regeling af?').terms.map((t) => t.term);
    expect(terms).toContain(a.stem('aflopen'));
  });

  it('drops stop words from questions', () => {
    expect(analyzer.analyzeQuery('wat is de deadline voor het advies?').content).toEqual(['deadline', 'advies']);
  });
});

describe('words written apart', () => {
  const a = new Analyzer({ synonyms: [['bar', 'burger adviesraad'], ['adviesraad', 'advies raad'], ['indienen', 'inleveren']], forms: {}, stopwords: [], names: [], actions: [] });
  a.learn(['De BAR moest haar advies indienen.']);

  it('finds a phrase whose own words are written apart ("burger advies raad")', () => {
    expect(a.normalizedWords('burger advies raad')).toEqual(['bar']);
  });

  it('counts two words that form a known compound as that one word', () => {
    const b = new Analyzer({ synonyms: [], forms: {}, stopwords: [], names: [], actions: [] });
    b.learn(['De werkkamer van het adviesorgaan en het werk.']);
    const sources = new Set(b.analyzeQuery('wat doet de werk kamer').terms.map((t) => t.source));
    expect(sources).toEqual(new Set(['werkkamer']));
  });

  it('joins a separable particle written apart with its verb ("in leveren")', () => {
    expect(a.analyzeQuery('wanneer moest de bar het advies in leveren').terms.map((t) => t.term)).toContain(a.stem('indienen'));
  });
});

describe('separable verbs in the base\'s text', () => {
  it('joins the particle that ends a clause with the verb earlier in it', () => {
    const a = new Analyzer({ synonyms: [['vastgesteld', 'vaststelde', 'stelde vast']], forms: {}, stopwords: [], names: [], actions: [] });
    a.learn(['De raad stelde op 17 december twee wensen vast.']);
    expect(a.indexTerms('De raad stelde op 17 december twee wensen vast. Daarna volgde de brief.')).toContain(a.stem('vastgesteld'));
    expect(a.indexTerms('De raad stelde een vraag over de vaste lasten.')).not.toContain(a.stem('vastgesteld'));
  });
});

describe('verbs and their nouns', () => {
  it('brings a Latin-rooted verb and its noun together, and leaves other words alone', () => {
    const a = new Analyzer({ synonyms: [], forms: {}, stopwords: [], names: [], actions: [] });
    for (const [verb, noun] of [['inventariseren', 'inventarisatie'], ['geevalueerd', 'evaluatie'], ['participeert', 'participatie'], ['informeren', 'informatie']]) {
      expect(a.stem(verb!), verb).toBe(a.stem(noun!));
    }
    expect(a.stem('kinderen')).not.toBe(a.stem('kinderatie'));
    expect(a.stem('leveren')).toBe('lever');
  });
});

describe('typo correction', () => {
  const a = new Analyzer({ synonyms: [['budget', 'geld', 'bedrag']], forms: {}, stopwords: [], names: ['wijchen'], actions: [] });
  a.learn(['De ontwikkeling van het budget voor participatiecoaching in Wijchen.']);

  it('corrects question words, synonyms, names and words of the base', () => {
    expect(a.correctedText('wanmeer wleke hbeben volegns')).toBe('wanneer welke hebben volgens');
    expect(a.normalizedWords('bderag wjichen ontikkeling', true)).toEqual(['budget', 'wijchen', 'ontwikkeling']);
  });

  it('leaves correctly spelled Dutch words alone, even one letter from a known word', () => {
    expect(a.correctedText('het weer morgen')).toBe('het weer morgen'); // not "mogen"
    expect(a.normalizedWords('bereidt directeur', true)).toEqual(['bereidt', 'directeur']);
  });
});

describe('review cases', () => {
  const a = new Analyzer({ synonyms: [], forms: {}, stopwords: [], names: ['wijchen'], actions: [] });
  a.learn(['Afspraken met Wijchen over regels voor kinderen en gezinnen.']);

  it('folds a number the same however often it is folded', () => {
    expect(fold('€1.250.000')).toBe(fold(fold('€1.250.000')));
    expect(fold('€1.250.000')).toContain('1250000');
  });

  it('takes a correctly spelled Dutch word as typed, also when its accents were folded away or a name is near', () => {
    expect(a.normalizedWords('wijken financiele geevalueerd', true)).toEqual(['wijken', 'financiele', 'geevalueerd']);
  });

  it('weighs a correct Dutch word that the base never uses at half, and a word it uses in full', () => {
    const q = a.analyzeQuery('welke afspraken wil wijchen intensiveren', true);
    expect(q.importance.get('intensiveren')).toBe(0.5);
    expect(q.importance.has('afspraken')).toBe(false);
  });

  it('does not weigh down a noun after an adjective or a plural noun at the end', () => {
    expect(a.analyzeQuery('welke nieuwe afspraken maakt wijchen').importance.has('afspraken')).toBe(false);
    expect(a.analyzeQuery('welke regels gelden voor kinderen').importance.has('kinderen')).toBe(false);
  });

  it('takes a very long run of letters as it is, without splitting or correcting it', () => {
    const long = 'ha'.repeat(300);
    expect(a.normalizedWords(long, true)).toEqual([long]);
    expect(a.splitCompound(long)).toBeUndefined();
  });

  it('learns the words of entries added while running', () => {
    const b = new Analyzer({ synonyms: [], forms: {}, stopwords: [], names: [], actions: [] });
    b.learn(['Het regionaal beleid.']);
    b.addVocabulary(['De Regiodeal is een afspraak met het Rijk.']);
    expect(b.normalizedWords('waar gaat de regiodeal over', true)).toContain('regiodeal');
  });
});

describe('editDistanceAtMost', () => {
  it('counts a swap of two neighbouring letters as one typo', () => {
    expect(editDistanceAtMost('budegt', 'budget', 1)).toBe(true);
    expect(editDistanceAtMost('partcipatie', 'participatie', 1)).toBe(true);
    expect(editDistanceAtMost('risco', 'risico', 1)).toBe(true);
    expect(editDistanceAtMost('budget', 'budget', 0)).toBe(true);
    expect(editDistanceAtMost('bugdet', 'budget', 1)).toBe(true); // d and g swapped
    expect(editDistanceAtMost('ubdgte', 'budget', 1)).toBe(false); // two swaps
    expect(editDistanceAtMost('advies', 'budget', 2)).toBe(false);
  });
});
