/** A stable colour per service name: FNV-1a of the name spread over the hue circle by the golden angle. */
export function serviceColour(service: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < service.length; i++) h = Math.imul(h ^ service.charCodeAt(i), 0x01000193);
  return `hsl(${Math.round(((h >>> 0) * 137.508) % 360)} 60% 48%)`;
}
