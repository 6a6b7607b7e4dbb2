import { ImageView } from "./image-view";

export default async function ImagePage({ params }: { params: Promise<{ environmentId: string; imageId: string }> }) {
  const { environmentId, imageId } = await params;
  return <ImageView environmentId={environmentId} imageId={decodeURIComponent(imageId)} />;
}
