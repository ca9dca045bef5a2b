import { defineConfig } from "vitest/config";
import { emulatorTestOptions } from "../../vitest.emulators.ts";

export default defineConfig({ test: emulatorTestOptions });
