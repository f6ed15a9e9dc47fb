// Several tests check bit-exact reproducibility, which depends on torch's process-wide random generator; tests
// running in parallel would draw from it in between. The suite is small enough to run one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
