// next-auth's endpoints (session, csrf, callback/credentials, signout).
import { handlers } from "@/server/auth/auth";

export const { GET, POST } = handlers;
