// Image events with dockerd 20.10's actors (daemon/images: LogImageEvent(imageID, refName, action)):
// pull/push: Actor.ID = the reference as the user sees it ("busybox:latest"), name = its repository ("busybox");
// tag: ID = the image ID, name = the new reference; untag/delete/load/import/save: ID and name = the image ID.
// The image's labels join the attributes while the image exists (not for delete), as dockerd adds them.
import { familiarName, familiarString, parseReference } from "../reference/parse-reference.js";
import type { EventBus } from "./event-bus.js";

/** "127.0.0.1:5000/x:1" → {ref: "127.0.0.1:5000/x:1", repo: "127.0.0.1:5000/x"}; docker.io names in short form. */
function familiar(reference: string): { ref: string; repo: string } {
  try {
    const r = parseReference(reference, { defaultTag: true });
    return { ref: familiarString(r), repo: familiarName(r) };
  } catch {
    return { ref: reference, repo: reference };
  }
}

/** pull/push: by reference. */
export function publishReferenceEvent(bus: EventBus | undefined, action: "pull" | "push", reference: string, labels: Record<string, string> = {}): void {
  if (!bus) return;
  const f = familiar(reference);
  bus.publish("image", action, f.ref, { ...labels, name: f.repo });
}

/** tag: the image ID, named by the new reference. */
export function publishTagEvent(bus: EventBus | undefined, imageId: string, newReference: string, labels: Record<string, string> = {}): void {
  bus?.publish("image", "tag", imageId, { ...labels, name: familiar(newReference).ref });
}

/** untag/delete/load/import/save: the image ID, named by itself. */
export function publishIdEvent(bus: EventBus | undefined, action: "untag" | "delete" | "load" | "import" | "save", imageId: string, labels: Record<string, string> = {}): void {
  bus?.publish("image", action, imageId, { ...labels, name: imageId });
}
