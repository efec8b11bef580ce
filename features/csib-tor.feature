Feature: Tower Hamlets Children's Services Improvement Board (CSIB) 2017, terms of reference, 12 June 2017

  Title: Tower Hamlets Children's Services Improvement Board (CSIB) 2017, terms of reference.
  Agreed by the Mayor's decision of 12 June 2017 (Individual Mayoral Decision 158), adopted to
  comply with the draft direction of the Secretary of State for Education of 7 April 2017. The
  terms of reference are dated "April 2017", when they were a draft; read as in force from the
  Mayor's agreement on 12 June 2017 (the Board's first meeting in the papers is the same day); no
  end is given, so in force until replaced. Their "Independent Chair" is read as at least one
  external member.
  Source: seed paper 004 (Mayor's executive decision making, 12 June 2017), Appendix 2, Draft Terms
  of Reference of the Children's Services Improvement Board; also seed paper 001, the Board's draft
  terms of reference of April 2017.

  The terms of reference require: a meeting every six weeks; the members they list, with the
  Independent Chair in the chair; and, as a standard agenda item, a comprehensive progress report
  by the Director of Children's Services to each meeting.

  The only meeting of the Board in the papers is that of 12 June 2017, whose time, agenda, minutes
  and attendance the papers do not give (so who sat on the Board that day is unknown); the
  scenarios add later meetings where they need them.

  Background:
    Given the records of Tower Hamlets as the council papers state them

  # ---------------------------------------------------------------------------------------------
  # Frequency: every six weeks
  # ---------------------------------------------------------------------------------------------

  @csib-tor.six-weekly-meetings
  Scenario: A meeting within six weeks of the last meets the frequency rule
    Given the Children's Services Improvement Board met on 20 July 2017 with the Director of Children's Services's progress report
    And the council's records of meetings of the Children's Services Improvement Board are complete
    When compliance is checked on 15 August 2017
    Then the next meeting of the Children's Services Improvement Board after the meeting of 12 June 2017 is met

  @csib-tor.six-weekly-meetings
  Scenario: A Board that never meets breaches the frequency rule once the records are complete
    The first meeting is due within six weeks of the day the Board is due to start meeting (the
    first day the terms of reference are in force, 12 June 2017, not counted): by the end of
    24 July 2017. Without it, a Board that never met would produce no finding at all.

    Given the Children's Services Improvement Board never met
    And the council's records of meetings of the Children's Services Improvement Board are complete
    When compliance is checked on 1 September 2017
    Then the first meeting of the Children's Services Improvement Board is in breach

  @csib-tor.six-weekly-meetings
  Scenario: Without complete records, a Board with no recorded meeting is not known to have missed it
    Given the Children's Services Improvement Board never met
    When compliance is checked on 1 September 2017
    Then the first meeting of the Children's Services Improvement Board is unknown

  @csib-tor.six-weekly-meetings
  Scenario: The meeting of 12 June 2017 is the Board's first meeting
    When compliance is checked on 1 September 2017
    Then the first meeting of the Children's Services Improvement Board is met

  @csib-tor.six-weekly-meetings
  Scenario: Seven weeks between meetings breaches the frequency rule, even though the Board met later
    "Every six weeks" is read as each meeting within six weeks of the one before it. A longer gap
    is a breach, which a later meeting does not cure.

    Given the Children's Services Improvement Board met on 31 July 2017 with the Director of Children's Services's progress report
    And the council's records of meetings of the Children's Services Improvement Board are complete
    When compliance is checked on 15 August 2017
    Then the next meeting of the Children's Services Improvement Board after the meeting of 12 June 2017 is in breach

  @csib-tor.six-weekly-meetings
  Scenario Outline: Within six weeks of a meeting, the day of the meeting is not counted and the last day counts whole
    The usual reading of "within six weeks of" an event: the six weeks
    run from the day after the meeting and end at the end of their last day. A meeting at 16:00
    on 20 July 2017 followed by one at 17:00 on 31 August 2017 is within six weeks.

    Given the Children's Services Improvement Board met at 16:00 on 20 July 2017 with the Director of Children's Services's progress report
    And the Children's Services Improvement Board met at <time> on <date> with the Director of Children's Services's progress report
    And the council's records of meetings of the Children's Services Improvement Board are complete
    When compliance is checked on 2 September 2017
    Then the next meeting of the Children's Services Improvement Board after the meeting of 20 July 2017 falls due at the end of 31 August 2017
    And the computation of the due date says "the day of the event is not counted: 6 weeks from 20 July 2017 end on 31 August 2017, at the end of that day"
    And the next meeting of the Children's Services Improvement Board after the meeting of 20 July 2017 is <status>

    Examples:
      | date             | time  | status    |
      | 31 August 2017   | 17:00 | met       |
      | 31 August 2017   | 23:30 | met       |
      | 1 September 2017 | 09:00 | in breach |

  @csib-tor.six-weekly-meetings
  Scenario Outline: Read as the same wall-clock time six weeks on, across the clocks going back
    The other reading, to the same time of day: six weeks after 18:00 BST on 19 October 2017 is
    18:00 GMT on 30 November 2017 on the London wall clock (the clocks went back on 29 October 2017).

    Given the children's services improvement board's terms of reference are read with periods counted to the same time of day
    And the Children's Services Improvement Board met at 18:00 on 19 October 2017 with the Director of Children's Services's progress report
    And the Children's Services Improvement Board met at <time> on 30 November 2017 with the Director of Children's Services's progress report
    And the council's records of meetings of the Children's Services Improvement Board are complete
    When compliance is checked on 1 December 2017
    Then the next meeting of the Children's Services Improvement Board after the meeting of 19 October 2017 falls due at 18:00 GMT on 30 November 2017
    And the next meeting of the Children's Services Improvement Board after the meeting of 19 October 2017 is <status>

    Examples:
      | time  | status    |
      | 17:00 | met       |
      | 18:00 | met       |
      | 18:01 | in breach |

  @csib-tor.six-weekly-meetings
  Scenario: Read as the same wall-clock time six weeks on, across the clocks going forward
    The clocks went forward from GMT to BST on 25 March 2018.

    Given the children's services improvement board's terms of reference are read with periods counted to the same time of day
    And the Children's Services Improvement Board met at 10:00 on 1 March 2018 with the Director of Children's Services's progress report
    When compliance is checked at 12:00 on 1 March 2018
    Then the next meeting of the Children's Services Improvement Board after the meeting of 1 March 2018 falls due at 10:00 BST on 12 April 2018

  @csib-tor.six-weekly-meetings
  Scenario: A meeting after the gap counts as met late where late evidence is read as counting
    Given the children's services improvement board's terms of reference are read with late evidence counted as met late
    And the Children's Services Improvement Board met on 31 July 2017 with the Director of Children's Services's progress report
    And the council's records of meetings of the Children's Services Improvement Board are complete
    When compliance is checked on 15 August 2017
    Then the next meeting of the Children's Services Improvement Board after the meeting of 12 June 2017 is met late

  @csib-tor.six-weekly-meetings
  Scenario: The papers do not give the Board's other meetings, so whether it met within six weeks of 12 June 2017 is unknown
    The papers say the Board had met three times by 11 September 2017 but give no other dates.

    When compliance is checked on 15 August 2017
    Then the next meeting of the Children's Services Improvement Board after the meeting of 12 June 2017 is unknown

  # ---------------------------------------------------------------------------------------------
  # Members and chair
  # ---------------------------------------------------------------------------------------------

  @csib-tor.membership
  Scenario: A meeting chaired by the Independent Chair, with the Director of Children's Services a member
    Given the Children's Services Improvement Board met on 20 July 2017 with the Director of Children's Services's progress report, chaired by Alan Wood
    When compliance is checked on 1 August 2017
    Then the requirement of the Children's Services Improvement Board's terms of reference for the chair at the meeting of 20 July 2017 is met
    And the requirement of the Children's Services Improvement Board's terms of reference for a member sitting as Director of Children's Services at the meeting of 20 July 2017 is met
    And the requirement of the Children's Services Improvement Board's terms of reference for an external member at the meeting of 20 July 2017 is met

  @csib-tor.membership
  Scenario: A meeting chaired by the Mayor, who is not the Independent Chair, breaches the terms of reference
    Given the Children's Services Improvement Board met on 20 July 2017 with the Director of Children's Services's progress report, chaired by Mayor John Biggs
    When compliance is checked on 1 August 2017
    Then the requirement of the Children's Services Improvement Board's terms of reference for the chair at the meeting of 20 July 2017 is in breach

  @csib-tor.membership
  Scenario: No Borough Commander on the Board, where the records of its membership are complete, is a breach
    The papers do not name the Borough Commander, the Chief Officer of the CCG or the lead scrutiny
    councillor for children's services as members.

    Given the Children's Services Improvement Board met on 20 July 2017 with the Director of Children's Services's progress report
    And the council's records of membership of the Children's Services Improvement Board are complete
    When compliance is checked on 1 August 2017
    Then the requirement of the Children's Services Improvement Board's terms of reference for a member sitting as Borough Commander at the meeting of 20 July 2017 is in breach

  @csib-tor.membership
  Scenario: A Borough Commander who joined the Board before the meeting meets the terms of reference
    Given Chief Superintendent Sam Example joined the Children's Services Improvement Board as Borough Commander on 1 July 2017
    And the Children's Services Improvement Board met on 20 July 2017 with the Director of Children's Services's progress report
    And the council's records of membership of the Children's Services Improvement Board are complete
    When compliance is checked on 1 August 2017
    Then the requirement of the Children's Services Improvement Board's terms of reference for a member sitting as Borough Commander at the meeting of 20 July 2017 is met

  @csib-tor.membership
  Scenario: The papers do not say who chaired or who sat for the CCG on 12 June 2017, so both are unknown
    When compliance is checked on 1 July 2017
    Then the requirement of the Children's Services Improvement Board's terms of reference for the chair at the meeting of 12 June 2017 is unknown
    And the requirement of the Children's Services Improvement Board's terms of reference for a member sitting as Chief Officer of the CCG at the meeting of 12 June 2017 is unknown

  # ---------------------------------------------------------------------------------------------
  # Standard agenda item: the Director of Children's Services's comprehensive progress report
  # ---------------------------------------------------------------------------------------------

  @csib-tor.dcs-progress-report
  Scenario: A meeting with the Director of Children's Services's progress report meets the standing item
    Given the Children's Services Improvement Board met on 20 July 2017 with the Director of Children's Services's progress report
    When compliance is checked on 1 August 2017
    Then the Council has met the standing progress report item for the meeting of 20 July 2017

  @csib-tor.dcs-progress-report
  Scenario: A meeting without the Director of Children's Services's progress report breaches the standing item
    Given the Children's Services Improvement Board met on 20 July 2017 without the Director of Children's Services's progress report
    When compliance is checked on 1 August 2017
    Then the Council is in breach of the standing progress report item for the meeting of 20 July 2017
    And the Council is in breach of paragraph 5e for the meeting of 20 July 2017

  @csib-tor.dcs-progress-report
  Scenario: Where the papers do not say what was tabled, the standing item is unknown
    Given the Children's Services Improvement Board met on 20 July 2017, and the papers do not say what was tabled
    When compliance is checked on 1 August 2017
    Then the standing progress report item for the meeting of 20 July 2017 is unknown

  # ---------------------------------------------------------------------------------------------
  # The other standard agenda items (issue 15, item 9)
  # ---------------------------------------------------------------------------------------------

  @csib-tor.agenda-minutes @csib-tor.agenda-chair-update @csib-tor.agenda-action-plans @csib-tor.agenda-risk @csib-tor.agenda-sos-reports @csib-tor.agenda-future-items
  Scenario Outline: Each standard item tabled meets it; without it, it is in breach
    Only the chair's update names who presents it (the Independent Chair); the others are read as
    due at every meeting, whoever presents them.

    Given the Children's Services Improvement Board met at 16:00 on 20 July 2017 <how> <item>
    When compliance is checked on 1 August 2017
    Then the Children's Services Improvement Board's standing item on <duty> for the meeting of 20 July 2017 is <status>

    Examples:
      | how     | item                                                                                        | duty                                  | status    |
      | with    | the Mayor's review of the minutes                                                           | the minutes                           | met       |
      | without | the Mayor's review of the minutes                                                           | the minutes                           | in breach |
      | with    | the Independent Chair of the Children's Services Improvement Board's overall progress update | the chair's update                    | met       |
      | without | the Independent Chair of the Children's Services Improvement Board's overall progress update | the chair's update                    | in breach |
      | with    | the Director of Children's Services's progress report on the action plans                   | the action plans                      | met       |
      | with    | the Chief Executive's progress report on the action plans                                   | the action plans                      | met       |
      | with    | the Director of Children's Services's review of risk                                        | risk                                  | met       |
      | without | the Director of Children's Services's review of risk                                        | risk                                  | in breach |
      | with    | the Director of Children's Services's progress report to the Secretary of State             | reports to the Secretary of State     | met       |
      | with    | the Mayor's items for future meetings                                                       | items for future meetings             | met       |

  @csib-tor.agenda-minutes @csib-tor.agenda-risk
  Scenario: At the meeting of 12 June 2017, whose items the papers do not give, the standard items are unknown
    When compliance is checked on 1 July 2017
    Then the Children's Services Improvement Board's standing item on the minutes for the meeting of 12 June 2017 is unknown
    And the Children's Services Improvement Board's standing item on risk for the meeting of 12 June 2017 is unknown

  # ---------------------------------------------------------------------------------------------
  # Reports to Cabinet (and the Mayor) and to the Best Value Improvement Board (issue 15, item 9)
  # ---------------------------------------------------------------------------------------------

  @csib-tor.report-to-cabinet
  Scenario Outline: Quarterly progress reports to Cabinet, the first by the end of September 2017
    The terms of reference give no frequency; the council's papers of 11 September 2017 say the
    updates go to Cabinet quarterly, the first in September 2017. Read as by the end of each
    quarter's last month.

    When compliance is checked on 1 October 2017
    Then the <n> quarterly progress report to Cabinet falls due at the end of <due>

    Examples:
      | n      | due               |
      | first  | 30 September 2017 |
      | second | 31 December 2017  |
      | third  | 31 March 2018     |

  @csib-tor.report-to-cabinet
  Scenario Outline: The first report to Cabinet, received in September or after it
    Given the first quarterly progress report to Cabinet was received by Cabinet at 18:30 on <day>
    When compliance is checked on 1 November 2017
    Then the first quarterly progress report to Cabinet is <status>

    Examples:
      | day               | status   |
      | 27 September 2017 | met      |
      | 30 September 2017 | met      |
      | 18 October 2017   | met late |

  @csib-tor.report-to-cabinet
  Scenario: With no record of the first report to Cabinet, it is not proven either way
    When compliance is checked on 1 November 2017
    Then the first quarterly progress report to Cabinet is unknown

  @csib-tor.report-to-cabinet
  Scenario: With complete records, a report to Cabinet not made is in breach
    Given the council's records of the quarterly progress report to Cabinet are complete
    When compliance is checked on 1 November 2017
    Then the Council is in breach of the first quarterly progress report to Cabinet

  @csib-tor.report-to-bvib
  Scenario: The children's services report to the Best Value Improvement Board, met on 14 June 2017, unknown on 11 September 2017
    The meeting of 14 June 2017 heard the children's services improvement plan from the CSIB's chair;
    the meeting of 11 September 2017 is known only from its agenda.

    When compliance is checked on 1 October 2017
    Then the children's services report to the Best Value Improvement Board for the meeting of 14 June 2017 is met
    And the children's services report to the Best Value Improvement Board for the meeting of 11 September 2017 is unknown

  @csib-tor.report-to-bvib
  Scenario: A Best Value Improvement Board meeting held without the children's services report is in breach
    Given the Best Value Improvement Board met at 18:00 on 18 December 2017 without the Director of Children's Services's children's services improvement report
    When compliance is checked on 1 January 2018
    Then the Council is in breach of the children's services report to the Best Value Improvement Board for the meeting of 18 December 2017
