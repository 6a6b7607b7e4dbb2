// Input rules for teams and roles: names are 2–64 characters, trimmed.
import { z } from "zod";

export const nameSchema = z.string().trim().min(2, "Name must be at least 2 characters").max(64, "Name must be at most 64 characters");
