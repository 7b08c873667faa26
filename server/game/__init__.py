"""What is built on the engine and is still pure: narration, simulation, matches, command logs."""
