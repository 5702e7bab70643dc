import { Type, type Static } from 'typebox';

/** A provider type the GUI can add, with what the add form needs to know. */
export const ProviderPresetView = Type.Object({
  type: Type.String(),
  label: Type.String(),
  baseUrl: Type.Union([Type.String(), Type.Null()], { description: 'null: the user must give one.' }),
  requiresKey: Type.Boolean(),
  local: Type.Boolean({ description: 'Runs on this machine; calls cost nothing.' }),
  priced: Type.Boolean({ description: 'Gatehouse has (or can be given) prices for its models.' }),
  format: Type.String({ description: 'The wire format it speaks: openai, anthropic or gemini.' }),
});
export type ProviderPresetView = Static<typeof ProviderPresetView>;

export const ProviderPresetList = Type.Object({ items: Type.Array(ProviderPresetView) });
export type ProviderPresetList = Static<typeof ProviderPresetList>;

/** GET /admin/providers/:id/models */
export const ProviderModelList = Type.Object({
  provider: Type.String(),
  models: Type.Array(Type.String(), { description: "The provider's own model names, sorted." }),
  source: Type.Union([Type.Literal('provider'), Type.Literal('pricing'), Type.Literal('none')], {
    description:
      "provider: its own model list; pricing: the bundled price list (the provider's list failed).",
  }),
  message: Type.Union([Type.String(), Type.Null()], { description: 'Why the provider list was not used.' }),
});
export type ProviderModelList = Static<typeof ProviderModelList>;
