// Tests build generators and draw latents from their own seeded generators; one at a time keeps the shared CPU quiet.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
