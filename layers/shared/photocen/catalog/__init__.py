"""The image catalog: numbered images and recorded seeds (``service``), their records
(``store``), the import half of the image pipeline (``imaging``), plain types (``model``)
and the composition from settings (``wiring``). It knows nothing of delivery."""
