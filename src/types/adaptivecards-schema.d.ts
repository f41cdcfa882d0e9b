// adaptivecards-templating's typings import the renderer's TypeScript sources ('adaptivecards/src/schema'),
// which do not compile under this project's settings. We only need the card type, so tsconfig maps that
// import here.
export type IAdaptiveCard = Record<string, unknown>;
