// docx 9.7's ESM typings use extensionless relative imports that NodeNext resolution cannot follow; these are
// the types of the small part of its API that src/domain/drafts/export-docx.ts uses (loaded with require).
export declare const HeadingLevel: { readonly HEADING_1: 'Heading1'; readonly HEADING_2: 'Heading2'; readonly HEADING_3: 'Heading3' };
export interface IRunOptions {
  text?: string;
  bold?: boolean;
}
export declare class TextRun {
  constructor(options: string | IRunOptions);
}
export interface IParagraphOptions {
  children?: TextRun[];
  heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel];
  bullet?: { level: number };
}
export declare class Paragraph {
  constructor(options: string | IParagraphOptions);
}
export interface IPropertiesOptions {
  creator?: string;
  title?: string;
  styles?: { default?: { document?: { run?: { font?: string; size?: number } } } };
  sections: Array<{ children: Paragraph[] }>;
}
export declare class Document {
  constructor(options: IPropertiesOptions);
}
export declare const Packer: { toBuffer(document: Document): Promise<Buffer> };
