"""The LTI 1.3 Advantage tool: LMS launches (pylti1p3), deep linking to a reference essay,
students' essays analysed as jobs, and their grades posted back to the LMS (docs/lti.md).

`tool` adapts pylti1p3 to Flask and the jobs database; `store` holds its tables; `views` are
the /lti routes; `pages` renders their HTML; `grades` sends the scores.
"""
