// Characters Chinese text sets without spaces between them: ideographs (and the radicals beside
// them), CJK punctuation, full-width forms and curly quotes. The PDF, scan and web importers ask it
// whether a gap or a line break between two pieces of text is one a reader should see as a space.
export const WIDE = /[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f“”‘’]/;
