"""Building blocks shared by ``mcmap gaps`` and ``mcmap recognize``.

* :mod:`~mcmap.recognition.inputs`: read credential and pathway files with located errors;
* :mod:`~mcmap.recognition.evidence`: which taxonomy skills a set of credentials evidences
  (declared links, the alignment engine's inferred links, narrower concepts);
* :mod:`~mcmap.recognition.similarity`: outcome-to-outcome similarity (shared skills, shared words);
* :mod:`~mcmap.recognition.levels`: two levels compared through EQF (or AQRF) referencing;
* :mod:`~mcmap.recognition.profile`, :mod:`~mcmap.recognition.compare`,
  :mod:`~mcmap.recognition.decision`: the recognition comparison and its proposed decision.

The public entry points are :func:`mcmap.gaps.analyse_gaps` and :func:`mcmap.recognize.recognize`.
"""
