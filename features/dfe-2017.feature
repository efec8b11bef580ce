Feature: Statutory direction to the London Borough of Tower Hamlets in relation to children's services, 7 April 2017

  Title: Statutory direction to the London Borough of Tower Hamlets in relation to children's
  services. Made by the Secretary of State for Education under section 497A(4B) of the Education
  Act 1996.
  Date: the draft leaves the date blank ("Dated this day of"). Open point, read as 7 April 2017,
  the date of the draft and of the Minister's letter; the direction file holds the date as data,
  and every relative due date follows from it. In force until revoked (paragraph 6).
  Source: seed paper 001 (supplementary agenda of the Best Value Programme Review Board, 10 April
  2017): the Minister's letter of 7 April 2017 and the draft direction, paragraphs 5 and 6, with
  Annex A (the Intervention Adviser's terms of reference).

  Paragraph 5 requires the council: (a) to comply with instructions of the Secretary of State or
  the Intervention Adviser; (b) to give the adviser access on request; (c) to give the adviser
  amenities, services and administrative support; (d) to appoint the adviser to the Children's
  Services Improvement Board; (e) to ensure the Director of Children's Services gives a
  comprehensive progress report to each meeting of that Board; (f) to co-operate with the
  adviser's six-monthly reviews; (g) to ensure the Board's chair reports quarterly to the
  Secretary of State, the first report within 3 months of the date of the direction. Annex A: the
  adviser carries out six-monthly reviews, the first within six months of the date of the
  direction. That last is the adviser's duty, not the council's: it is tracked as an expected
  event so that the council knows when to prepare.

  Background:
    Given the records of Tower Hamlets as the council papers state them

  # ---------------------------------------------------------------------------------------------
  # Paragraph 5a: instructions
  # ---------------------------------------------------------------------------------------------

  @dfe-2017.5a
  Scenario: An instruction complied with within 28 days meets paragraph 5a
    The direction sets no time. Open point, read as: a recorded response within 28 days.

    Given the Secretary of State gave the council an instruction at 10:00 on 3 July 2017
    And the council complied at 12:00 on 20 July 2017
    When compliance is checked on 1 September 2017
    Then the Council has met paragraph 5a for the instruction given on 3 July 2017

  @dfe-2017.5a
  Scenario: An instruction complied with after 28 days is met late
    Given the Secretary of State gave the council an instruction at 10:00 on 3 July 2017
    And the council complied at 12:00 on 5 August 2017
    When compliance is checked on 1 September 2017
    Then paragraph 5a for the instruction given on 3 July 2017 is met late

  @dfe-2017.5a
  Scenario: An instruction with no recorded response, where the records are complete, is a breach
    Given the Secretary of State gave the council an instruction at 10:00 on 3 July 2017
    And the council's records of requests and responses under paragraph 5a are complete
    When compliance is checked on 1 September 2017
    Then the Council is in breach of paragraph 5a for the instruction given on 3 July 2017

  # ---------------------------------------------------------------------------------------------
  # Paragraph 5b: access
  # ---------------------------------------------------------------------------------------------

  @dfe-2017.5b
  Scenario Outline: Access given within 5 days of the request meets paragraph 5b, the last day counting whole
    "At all reasonable times": open point, read as access given within 5 days of the request; the
    day of the request is not counted and the fifth day counts to its end.

    Given the Intervention Adviser asked for access to the council's case files at 09:00 on 3 July 2017
    And the council gave access at <time> on <date>
    When compliance is checked on 1 August 2017
    Then paragraph 5b for the request made on 3 July 2017 is <status>

    Examples:
      | date        | time  | status   |
      | 4 July 2017 | 14:00 | met      |
      | 8 July 2017 | 09:01 | met      |
      | 8 July 2017 | 23:59 | met      |
      | 9 July 2017 | 00:01 | met late |

  @dfe-2017.5b
  Scenario: A request for access never answered, where the records are complete, is a breach
    Given the Intervention Adviser asked for access to the council's case files at 09:00 on 3 July 2017
    And the council's records of requests and responses under paragraph 5b are complete
    When compliance is checked on 1 August 2017
    Then the Council is in breach of paragraph 5b for the request made on 3 July 2017

  @dfe-2017.5b
  Scenario: A request for access never answered, where the records are not known to be complete, is unknown
    Given the Intervention Adviser asked for access to the council's case files at 09:00 on 3 July 2017
    When compliance is checked on 1 August 2017
    Then paragraph 5b for the request made on 3 July 2017 is unknown

  # ---------------------------------------------------------------------------------------------
  # Paragraph 5c: amenities, services and administrative support
  # ---------------------------------------------------------------------------------------------

  @dfe-2017.5c
  Scenario: Office space provided within 10 days of the request meets paragraph 5c
    Given the Intervention Adviser asked for office space at 11:00 on 10 July 2017
    And the council responded at 15:00 on 14 July 2017
    When compliance is checked on 1 August 2017
    Then the Council has met paragraph 5c for the request made on 10 July 2017

  @dfe-2017.5c
  Scenario: A request for support never answered, where the records are complete, is a breach
    Given the Intervention Adviser asked for office space at 11:00 on 10 July 2017
    And the council's records of requests and responses under paragraph 5c are complete
    When compliance is checked on 1 August 2017
    Then the Council is in breach of paragraph 5c for the request made on 10 July 2017

  # ---------------------------------------------------------------------------------------------
  # Paragraph 5d: the adviser on the Children's Services Improvement Board
  # ---------------------------------------------------------------------------------------------

  @dfe-2017.5d
  Scenario: The adviser, named on 1 June 2017 and appointed to the Board, is a member at its next meeting
    The direction sets no date. Open point, read as: the adviser must be a member of the Board at
    its first meeting after being named, and at every meeting after that.

    Given the Intervention Adviser, Jane Doe, was named on 1 June 2017
    And Jane Doe joined the Children's Services Improvement Board as Intervention Adviser on 1 June 2017
    And the Children's Services Improvement Board met on 20 July 2017 with the Director of Children's Services's progress report
    And the council's records of membership of the Children's Services Improvement Board are complete
    When compliance is checked on 1 August 2017
    Then the Council has met paragraph 5d for the meeting of 20 July 2017

  @dfe-2017.5d
  Scenario: The adviser removed from the Board before its next meeting is a breach of paragraph 5d
    Given the Intervention Adviser, Jane Doe, was named on 1 June 2017
    And Jane Doe joined the Children's Services Improvement Board as Intervention Adviser on 1 June 2017
    And Jane Doe left the Children's Services Improvement Board on 1 July 2017
    And the Children's Services Improvement Board met on 20 July 2017 with the Director of Children's Services's progress report
    And the council's records of membership of the Children's Services Improvement Board are complete
    When compliance is checked on 1 August 2017
    Then the Council is in breach of paragraph 5d for the meeting of 20 July 2017

  @dfe-2017.5d
  Scenario: A meeting before the adviser was named raises no duty to have the adviser on the Board
    Given the Intervention Adviser, Jane Doe, was named on 1 August 2017
    And the Children's Services Improvement Board met on 20 July 2017 with the Director of Children's Services's progress report
    When compliance is checked on 1 August 2017
    Then there is no finding for paragraph 5d for the meeting of 20 July 2017

  @dfe-2017.5d
  Scenario: While the papers do not name the adviser, paragraph 5d is unknown at the meeting of 12 June 2017
    When compliance is checked on 1 July 2017
    Then paragraph 5d for the meeting of 12 June 2017 is unknown
    And the reason given is that the papers do not record when the intervention-adviser was named

  # ---------------------------------------------------------------------------------------------
  # Paragraph 5e: the Director of Children's Services's progress report to each Board meeting
  # ---------------------------------------------------------------------------------------------

  @dfe-2017.5e
  Scenario: A Board meeting with the Director of Children's Services's progress report meets paragraph 5e
    Given the Children's Services Improvement Board met on 20 July 2017 with the Director of Children's Services's progress report
    When compliance is checked on 1 August 2017
    Then the Council has met paragraph 5e for the meeting of 20 July 2017

  @dfe-2017.5e
  Scenario: A Board meeting without the Director of Children's Services's progress report breaches paragraph 5e
    Given the Children's Services Improvement Board met on 20 July 2017 without the Director of Children's Services's progress report
    When compliance is checked on 1 August 2017
    Then the Council is in breach of paragraph 5e for the meeting of 20 July 2017

  @dfe-2017.5e
  Scenario: The papers do not say what was tabled at the meeting of 12 June 2017, so paragraph 5e is unknown there
    When compliance is checked on 1 July 2017
    Then paragraph 5e for the meeting of 12 June 2017 is unknown
    And the reason given is that the papers do not record what was tabled at this meeting

  # ---------------------------------------------------------------------------------------------
  # Paragraph 5f: co-operation with the adviser's six-monthly reviews
  # ---------------------------------------------------------------------------------------------

  @dfe-2017.5f
  Scenario: Information for a review given within 10 days meets paragraph 5f
    Co-operation is tracked through the adviser's recorded requests for information for a review,
    each read as needing a response within 10 days.

    Given the Intervention Adviser asked for information for the six-monthly review at 09:30 on 11 September 2017
    And the council responded at 16:00 on 20 September 2017
    When compliance is checked on 1 October 2017
    Then the Council has met paragraph 5f for the request made on 11 September 2017

  @dfe-2017.5f
  Scenario: A request for review information never answered, where the records are complete, is a breach
    Given the Intervention Adviser asked for information for the six-monthly review at 09:30 on 11 September 2017
    And the council's records of requests and responses under paragraph 5f are complete
    When compliance is checked on 1 October 2017
    Then the Council is in breach of paragraph 5f for the request made on 11 September 2017

  # ---------------------------------------------------------------------------------------------
  # Paragraph 5g: the Board chair's quarterly reports to the Secretary of State
  # ---------------------------------------------------------------------------------------------

  @dfe-2017.5g
  Scenario Outline: The due dates of the chair's quarterly reports, from the direction date of 7 April 2017
    "The first report being within 3 months of the date of this Direction": three calendar months
    from the direction date, to the end of that day; later reports every three calendar months
    after the first due date.

    When compliance is checked on 1 January 2018
    Then the chair's <report> quarterly report falls due at the end of <due>

    Examples:
      | report  | due             |
      | first   | 7 July 2017     |
      | second  | 7 October 2017  |
      | third   | 7 January 2018  |
      | fourth  | 7 April 2018    |
      | fifth   | 7 July 2018     |
      | sixth   | 7 October 2018  |
      | seventh | 7 January 2019  |

  @dfe-2017.5g
  Scenario Outline: "Within 3 months" is counted in calendar months and clipped to the end of a shorter month
    The draft direction is undated, so its date is an open point. Each row states a date the
    published direction might bear; a direction dated 30 November falls due on the last day of
    February. Read as: the later reports are counted from the first due date, so after a clipped
    first report they fall on the same day of the month as that report.

    Given the children's services direction bears the date <direction date>
    When compliance is checked on <checked on>
    Then the chair's first quarterly report falls due at the end of <first due>
    And the computation of the due date says "<how>"
    And the chair's second quarterly report falls due at the end of <second due>

    Examples:
      | direction date   | checked on       | first due        | how                                                              | second due     |
      | 7 April 2017     | 1 November 2017  | 7 July 2017      | plus 3 calendar months = 7 July 2017                             | 7 October 2017 |
      | 31 March 2017    | 1 November 2017  | 30 June 2017     | plus 3 calendar months = 30 June 2017 (clipped to the end of June 2017) | 30 September 2017 |
      | 30 November 2017 | 1 June 2018      | 28 February 2018 | plus 3 calendar months = 28 February 2018 (clipped to the end of February 2018) | 28 May 2018 |
      | 30 November 2019 | 1 June 2020      | 29 February 2020 | plus 3 calendar months = 29 February 2020 (clipped to the end of February 2020) | 29 May 2020 |
      | 31 August 2017   | 1 April 2018     | 30 November 2017 | plus 3 calendar months = 30 November 2017 (clipped to the end of November 2017) | 28 February 2018 |

  @dfe-2017.5g
  Scenario Outline: How the later reports count after a first report clipped to the end of February
    A direction dated 30 November 2017 makes the first report due at the end of 28 February 2018.
    Counted from the first due date (the reading chosen) or from the
    previous due date, the second is due on 28 May 2018; counted from
    the unclipped anchor, the direction date, six calendar months
    after 30 November 2017 is 30 May 2018.

    Given the children's services direction bears the date 30 November 2017
    And the children's services direction is read with later reports counted from <counted from>
    When compliance is checked on 1 June 2018
    Then the chair's first quarterly report falls due at the end of 28 February 2018
    And the chair's second quarterly report falls due at the end of <second due>

    Examples:
      | counted from           | second due  |
      | the first due date     | 28 May 2018 |
      | the previous due date  | 28 May 2018 |
      | the unclipped anchor   | 30 May 2018 |

  @dfe-2017.5g
  Scenario: The chair's first quarterly report received before 7 July 2017 is met, and it is the chair's duty
    Given the chair's first quarterly report was received by the Secretary of State at 12:00 on 30 June 2017
    When compliance is checked on 10 July 2017
    Then the chair's first quarterly report is met
    And the duty holder named is the Chair of the Children's Services Improvement Board

  @dfe-2017.5g
  Scenario Outline: "Within 3 months" runs to the end of 7 July 2017, so a report that day is in time whatever the hour
    Given the chair's first quarterly report was received by the Secretary of State <when>
    When compliance is checked on 10 July 2017
    Then the chair's first quarterly report is <status>

    Examples:
      | when                                                      | status   |
      | at 23:59 on 7 July 2017                                   | met      |
      | on 7 July 2017, at a time the papers do not give          | met      |
      | at 00:01 on 8 July 2017                                   | met late |

  @dfe-2017.5g
  Scenario: No chair's report by 7 July 2017, where the records are complete, is a breach
    Given the council's records of the chair's quarterly reports are complete
    When compliance is checked on 10 July 2017
    Then the chair's first quarterly report is in breach
    And the finding rests on no record

  @dfe-2017.5g
  Scenario: A direction dated only to a month: nothing received between the earliest and the latest due date is unknown
    If the direction were known only to be dated "April 2017", the first report would be due "within
    3 months" of a day between 1 and 30 April: at the earliest by the end of 1 July 2017, at the latest
    by the end of 30 July 2017. Between the two, whether it is late cannot be decided.

    Given the children's services direction is known to be dated only to April 2017
    And the council's records of the chair's quarterly reports are complete
    When compliance is checked on 15 July 2017
    Then the chair's first quarterly report is unknown
    And the computation of the due date says "known only to lie between 1 April 2017 and 30 April 2017"

  @dfe-2017.5g
  Scenario Outline: A direction dated only to a month: a report before the earliest due date is met, one between is unknown
    Given the children's services direction is known to be dated only to April 2017
    And the chair's first quarterly report was received by the Secretary of State at 12:00 on <received on>
    When compliance is checked on 1 August 2017
    Then the chair's first quarterly report is <status>

    Examples:
      | received on  | status   |
      | 30 June 2017 | met      |
      | 10 July 2017 | unknown  |
      | 31 July 2017 | met late |

  @dfe-2017.5g
  Scenario: A direction dated only to a month: nothing received after the latest due date is a breach
    Given the children's services direction is known to be dated only to April 2017
    And the council's records of the chair's quarterly reports are complete
    When compliance is checked on 1 August 2017
    Then the chair's first quarterly report is in breach

  @dfe-2017.5g
  Scenario: On 1 July 2017 the chair's first report is due soon
    When compliance is checked on 1 July 2017
    Then the chair's first quarterly report is due soon

  # ---------------------------------------------------------------------------------------------
  # Annex A: the Intervention Adviser's six-monthly reviews (the adviser's duty)
  # ---------------------------------------------------------------------------------------------

  @dfe-2017.annex-a.reviews
  Scenario Outline: The adviser's reviews fall due every six calendar months from the direction date
    Open point: whether later reviews run from the direction date or from the previous review.
    Read as: every six calendar months on the schedule from the first due date.

    When compliance is checked on 1 January 2018
    Then the Intervention Adviser's <review> review falls due at the end of <due>

    Examples:
      | review | due            |
      | first  | 7 October 2017 |
      | second | 7 April 2018   |
      | third  | 7 October 2018 |

  @dfe-2017.annex-a.reviews
  Scenario: The adviser's first review done by 7 October 2017 is met, and it was the adviser's duty
    Given the Intervention Adviser's first review was received by the Secretary of State at 12:00 on 2 October 2017
    When compliance is checked on 9 October 2017
    Then the Intervention Adviser's first review is met
    And the duty is the Intervention Adviser's, not the council's

  @dfe-2017.annex-a.reviews
  Scenario: The adviser's first review not done by 7 October 2017 is overdue, and the finding says whose duty it was
    Given the council's records of the Intervention Adviser's reviews are complete
    When compliance is checked on 9 October 2017
    Then the Intervention Adviser's first review is overdue
    And the duty is the Intervention Adviser's, not the council's
    And the reason given is that this was the duty of the DfE Intervention Adviser, not of the council

  # ---------------------------------------------------------------------------------------------
  # Paragraph 6: in force until revoked
  # ---------------------------------------------------------------------------------------------

  @dfe-2017.5g @dfe-2017.annex-a.reviews
  Scenario: After a revocation, what would have fallen due later lapses and nothing new is raised
    Given the Secretary of State revoked the children's services direction with effect from 1 January 2018
    When compliance is checked on 1 February 2018
    Then the chair's second quarterly report is unknown
    And the chair's third quarterly report is lapsed
    And the Intervention Adviser's second review is lapsed
    And nothing under the children's services direction is due soon or upcoming

  @dfe-2017.5g
  Scenario: Before the revocation takes effect, the same report is simply upcoming
    Given the Secretary of State revoked the children's services direction with effect from 1 January 2018
    When compliance is checked on 1 November 2017
    Then the chair's third quarterly report is upcoming

  @dfe-2017.5g @dfe-2017.annex-a.reviews
  Scenario: A reinstatement restores, from its effective day, what the revocation lapsed
    A direction revoked and later reinstated ("in force" again from a date) binds again from the
    start of that day: what fell due while it was revoked stays lapsed; what falls due from the
    reinstatement on is owed again.

    Given the Secretary of State revoked the children's services direction with effect from 1 January 2018
    And the Secretary of State reinstated the children's services direction with effect from 1 March 2018
    When compliance is checked on 1 May 2018
    Then the chair's third quarterly report is lapsed
    And the chair's fourth quarterly report is unknown
    And the chair's fifth quarterly report is upcoming
    And the Intervention Adviser's second review is unknown

  @dfe-2017.5g
  Scenario Outline: A revocation taking effect on the due day itself
    A revocation "with effect from" a day is read as binding no longer from the start of that day.

    Given the Secretary of State revoked the children's services direction with effect from <effective>
    When compliance is checked on 1 February 2018
    Then the chair's third quarterly report falls due at the end of 7 January 2018
    And the chair's third quarterly report is <status>

    Examples:
      | effective      | status  |
      | 7 January 2018 | lapsed  |
      | 8 January 2018 | unknown |
