// jstat ships no types; these are the few functions the experiment statistics use.
declare module 'jstat' {
  interface JStat {
    studentt: {
      cdf(x: number, degreesOfFreedom: number): number;
      inv(probability: number, degreesOfFreedom: number): number;
    };
    normal: {
      cdf(x: number, mean: number, standardDeviation: number): number;
      inv(probability: number, mean: number, standardDeviation: number): number;
    };
  }
  const jStat: JStat;
  export default jStat;
}
