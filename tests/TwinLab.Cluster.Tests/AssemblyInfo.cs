// Each test class starts its own in-process cluster of silos; on a small machine they are better one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
