Feature: Best Value directions to the London Borough of Tower Hamlets, 28 March 2017

  Title: Best Value directions to the London Borough of Tower Hamlets.
  Made by the Secretary of State for Communities and Local Government under section 15 of the
  Local Government Act 1999, dated 28 March 2017, in force until 30 September 2018 (read as the
  end of that day).
  Source: the directions themselves are not among the seed papers. The clauses are as the council
  recorded them in seed paper 004 (Mayor's executive decision making, 12 June 2017), report
  paragraphs 1.1 and 1.2 and legal comments 5.4 and 5.5; the end date also in seed paper 002
  (Best Value Improvement Board agenda pack, 11 September 2017), plan update paragraph 3.1.

  The three duties: quarterly reports to the Secretary of State, the first to be received by 10am
  on 30 June 2017; an independent review of achievement submitted by 1 August 2018; and a new Best
  Value Improvement Board, chaired by the Mayor, with cross-party representation and external
  representatives.

  Background:
    Given the records of Tower Hamlets as the council papers state them

  # ---------------------------------------------------------------------------------------------
  # Quarterly reports (report paragraph 1.2, first bullet)
  # ---------------------------------------------------------------------------------------------

  @bv-2017.quarterly-report
  Scenario Outline: The due dates of the quarterly reports, at 10am London time, GMT or BST as in force that day
    The text fixes 10am only for the first report. Open point, read as: every later report is
    due three calendar months after the previous due date, also at
    10am, until the directions end on 30 September 2018.

    When compliance is checked on 1 October 2018
    Then the <report> quarterly report falls due at <due>

    Examples:
      | report | due                         |
      | first  | 10:00 BST on 30 June 2017      |
      | second | 10:00 BST on 30 September 2017 |
      | third  | 10:00 GMT on 30 December 2017  |
      | fourth | 10:00 BST on 30 March 2018     |
      | fifth  | 10:00 BST on 30 June 2018      |
      | sixth  | 10:00 BST on 30 September 2018 |

  @bv-2017.quarterly-report
  Scenario Outline: The first quarterly report received at the exact minute of the 10am deadline is met; a minute later it is late
    Given the first quarterly report was received by the Secretary of State at <time> on 30 June 2017
    When compliance is checked on 1 July 2017
    Then the first quarterly report is <status>

    Examples:
      | time  | status   |
      | 09:59 | met      |
      | 10:00 | met      |
      | 10:01 | met late |

  @bv-2017.quarterly-report
  Scenario: A first quarterly report received at 10:15 on 30 June 2017 is met late
    Given the first quarterly report was received by the Secretary of State at 10:15 on 30 June 2017
    When compliance is checked on 1 July 2017
    Then the first quarterly report is met late
    And the reason given is that it was done, but only after the due time
    And the duty is the council's
    And the readings include "each later report falls due a quarter after the one before it"

  @bv-2017.quarterly-report
  Scenario: The second quarterly report received one minute late
    Given the second quarterly report was received by the Secretary of State at 10:01 on 30 September 2017
    When compliance is checked on 1 October 2017
    Then the second quarterly report is met late

  @bv-2017.quarterly-report
  Scenario: The papers say only that the first report was sent in June 2017, so whether it was in time is unknown
    The council's papers say the first report was "sent in June 2017", considered in draft at
    the Board meeting of 14 June 2017. Against a 10am deadline that does not show whether it
    arrived in time, so the finding is unknown, not met.

    When compliance is checked on 1 July 2017
    Then the first quarterly report is unknown
    And the reason given is that there is evidence, but its time is not known precisely enough

  @bv-2017.quarterly-report
  Scenario: A report received on the due day at a time the papers do not give is unknown against a 10am deadline
    Given the first quarterly report was received by the Secretary of State on 30 June 2017, at a time the papers do not give
    When compliance is checked on 1 July 2017
    Then the first quarterly report is unknown

  @bv-2017.quarterly-report
  Scenario: No first quarterly report at all, where the council's records are complete, is a breach
    Given there is no record of the first quarterly report
    And the council's records of quarterly reports are complete
    When compliance is checked on 1 July 2017
    Then the first quarterly report is in breach
    And the finding rests on no record

  @bv-2017.quarterly-report
  Scenario: No third quarterly report in the papers, which are not known to be complete after September 2017, is unknown
    When compliance is checked on 15 January 2018
    Then the third quarterly report is unknown
    And the finding rests on no record

  @bv-2017.quarterly-report
  Scenario: Before a report is due it is upcoming, and within 30 days of the due time it is due soon
    Given there is no record of the first quarterly report
    When compliance is checked on 1 April 2017
    Then the first quarterly report is upcoming
    When compliance is checked on 15 June 2017
    Then the first quarterly report is due soon

  @bv-2017.quarterly-report
  Scenario: No quarterly report falls due after the directions end on 30 September 2018
    When compliance is checked on 1 October 2018
    Then the sixth quarterly report falls due at 10:00 BST on 30 September 2018
    And there is no seventh quarterly report
    And nothing under the Best Value directions falls due after 30 September 2018
    And nothing under the Best Value directions is due soon or upcoming

  # ---------------------------------------------------------------------------------------------
  # Independent review (report paragraph 1.2, second bullet)
  # ---------------------------------------------------------------------------------------------

  @bv-2017.independent-review
  Scenario: An independent review received on 31 July 2018 is met
    Given the independent review was received by the Secretary of State at 16:00 on 31 July 2018
    When compliance is checked on 2 August 2018
    Then the independent review is met

  @bv-2017.independent-review
  Scenario Outline: "By 1st August 2018" with no time of day means by the end of that day
    Given the independent review was received by the Secretary of State at <time> on <date>
    When compliance is checked on 3 August 2018
    Then the independent review falls due at the end of 1 August 2018
    And the independent review is <status>

    Examples:
      | date          | time  | status   |
      | 1 August 2018 | 23:30 | met      |
      | 1 August 2018 | 23:59 | met      |
      | 2 August 2018 | 00:05 | met late |

  @bv-2017.independent-review
  Scenario: No independent review by 1 August 2018, where the council's records are complete, is a breach
    Given the council's records of the independent review are complete
    When compliance is checked on 2 August 2018
    Then the Council is in breach of the independent review

  @bv-2017.independent-review
  Scenario: A council keeping its own records in full: what is not recorded was not done
    The bundled papers are a handful of documents; a council running comply on its own records
    says they are complete, and then no record of the review is a breach.

    Given the council's records are complete
    When compliance is checked on 2 August 2018
    Then the Council is in breach of the independent review
    And the finding rests on no record

  # ---------------------------------------------------------------------------------------------
  # The Best Value Improvement Board (report paragraph 1.2, third bullet; legal comments 5.4)
  # ---------------------------------------------------------------------------------------------

  @bv-2017.board-composition
  Scenario: The first meeting of the Board, on 14 June 2017, was chaired by the Mayor
    When compliance is checked on 1 July 2017
    Then the requirement of the Best Value directions for the chair at the meeting of 14 June 2017 is met
    And the finding rests on the record of Mayor John Biggs as Mayor

  @bv-2017.board-composition
  Scenario: Who sat on the Board is known only from a record of who attended
    A standing list of members is a plan, not a record of who sat that day: where the papers do not
    say who attended, every requirement at that meeting is unknown, until a record says who came.

    Given the papers do not say who attended the meeting of the Best Value Improvement Board on 14 June 2017
    When compliance is checked on 1 July 2017
    Then the requirement of the Best Value directions for the chair at the meeting of 14 June 2017 is unknown
    And the reason given is that the record of the meeting of 14 June 2017 does not say who attended it
    Given Mayor John Biggs attended the meeting of the Best Value Improvement Board on 14 June 2017
    When compliance is checked on 1 July 2017
    Then the requirement of the Best Value directions for the chair at the meeting of 14 June 2017 is met

  @bv-2017.board-composition
  Scenario: A meeting chaired by someone who is not the Mayor breaches the direction
    Given the meeting of the Best Value Improvement Board on 14 June 2017 was chaired by Councillor Sirajul Islam
    When compliance is checked on 1 July 2017
    Then the requirement of the Best Value directions for the chair at the meeting of 14 June 2017 is in breach

  @bv-2017.board-composition
  Scenario: Cross-party representation: every political group named in the papers had a member on the Board, but the papers do not say which groups there are
    The papers name the Conservative, Independent and PATH groups through their leaders. No paper
    states the political group of the Mayor or of the cabinet members, nor that these are all the
    groups on the council: whether every group had a member is unknown, not met.

    When compliance is checked on 1 July 2017
    Then the requirement of the Best Value directions for a member of the Conservative Group at the meeting of 14 June 2017 is met
    And the requirement of the Best Value directions for a member of the Independent Group at the meeting of 14 June 2017 is met
    And the requirement of the Best Value directions for a member of the PATH Group at the meeting of 14 June 2017 is met
    And the requirement of the Best Value directions for every political group on the council at the meeting of 14 June 2017 is unknown

  @bv-2017.board-composition
  Scenario: A Board with no member of the Conservative Group breaches cross-party representation
    Given the Conservative Group had no member on the Best Value Improvement Board
    And the council's records of membership of the Best Value Improvement Board are complete
    When compliance is checked on 1 July 2017
    Then the requirement of the Best Value directions for a member of the Conservative Group at the meeting of 14 June 2017 is in breach
    And the requirement of the Best Value directions for a member of the Independent Group at the meeting of 14 June 2017 is met

  @bv-2017.board-composition
  Scenario: External representatives: the Board had external members on 14 June 2017
    When compliance is checked on 1 July 2017
    Then the requirement of the Best Value directions for an external member at the meeting of 14 June 2017 is met

  @bv-2017.board-composition
  Scenario: A Board with no external member breaches the direction
    Given the Best Value Improvement Board had no external member
    And the council's records of membership of the Best Value Improvement Board are complete
    When compliance is checked on 1 July 2017
    Then the requirement of the Best Value directions for an external member at the meeting of 14 June 2017 is in breach

  @bv-2017.board-composition
  Scenario: "At least N external members" needs N different people at the meeting
    "At least N external members" needs N places, each filled by a different external member.
    On 14 June 2017 the Board had three: the independent chair of the Children's Services Board,
    the LGA representative and the external representative.

    Given the Best Value directions are read as requiring at least 4 external members
    And the council's records of membership of the Best Value Improvement Board are complete
    When compliance is checked on 1 July 2017
    Then the requirement of the Best Value directions for external member 3 at the meeting of 14 June 2017 is met
    And the requirement of the Best Value directions for external member 4 at the meeting of 14 June 2017 is in breach

  @bv-2017.board-composition
  Scenario: A Board meeting after the directions ended on 30 September 2018 is not checked under them
    The Board went on meeting under its own terms of reference, which run to March 2019.

    Given the Best Value Improvement Board met in public at 18:00 on 18 December 2018, chaired by Mayor John Biggs
    When compliance is checked on 1 January 2019
    Then the Best Value directions say nothing about the meeting of the Best Value Improvement Board on 18 December 2018
    And the Best Value Improvement Board's terms of reference give findings for the meeting of the Best Value Improvement Board on 18 December 2018

  # ---------------------------------------------------------------------------------------------
  # Set up a new Best Value Improvement Board
  # ---------------------------------------------------------------------------------------------

  @bv-2017.board-set-up
  Scenario: The Board's first meeting proves it was set up
    The directions give no date; it is read as within three months of them (by the end of
    28 June 2017). The Board first met on 14 June 2017.

    When compliance is checked on 1 July 2017
    Then the setting up of the Best Value Improvement Board is met
    And the finding rests on the meeting of the Best Value Improvement Board on 14 June 2017

  @bv-2017.board-set-up
  Scenario: A Board that first meets after the date read for setting it up was set up late
    Given the Best Value Improvement Board first met on 11 September 2017
    When compliance is checked on 1 October 2017
    Then the setting up of the Best Value Improvement Board is met late

  @bv-2017.board-set-up
  Scenario: A Board that never meets breaches the direction once the records are complete
    A Board that does not exist has no meetings, so nothing about its meetings can be found: the
    duty to set it up is what makes its absence visible.

    Given the Best Value Improvement Board never met
    And the council's records of meetings of the Best Value Improvement Board are complete
    When compliance is checked on 1 July 2017
    Then the setting up of the Best Value Improvement Board is in breach

  # ---------------------------------------------------------------------------------------------
  # A duty with no due date ("as soon as practicable"): open until done, never breached for want of a date
  # ---------------------------------------------------------------------------------------------

  @bv-2017.independent-review
  Scenario: A duty with no due date is open, and says for how long
    Had the directions asked for the independent review "as soon as practicable", with no date, the
    review would be open from the first day the directions were in force until it is received.

    Given the independent review is written with no due date, to be done as soon as practicable
    And the council's records are complete
    When compliance is checked on 30 June 2017
    Then the independent review is open
    And the reason given is that it has no due date and nothing yet satisfies it: open for 94 days, since 28 March 2017

  @bv-2017.independent-review
  Scenario: A duty with no due date is met when it is done, however late that is
    Given the independent review is written with no due date, to be done as soon as practicable
    And the independent review was received by the Secretary of State at 16:00 on 14 September 2018
    When compliance is checked on 20 September 2018
    Then the independent review is met

  @bv-2017.independent-review
  Scenario: A variation gives a duty with no due date a date, and it becomes an ordinary deadline
    Given the independent review is written with no due date, to be done as soon as practicable
    And the council's records are complete
    And the Secretary of State varied the Best Value directions with effect from 1 January 2018, made on 15 December 2017, so that the independent review is due by 31 March 2018
    When compliance is checked on 1 February 2018
    Then the independent review is lapsed
    And the independent review under the new version is upcoming
    When compliance is checked on 5 April 2018
    Then the independent review under the new version is in breach

  # ---------------------------------------------------------------------------------------------
  # Variations: a new version of the directions supersedes the old from its effective date
  # ---------------------------------------------------------------------------------------------

  @bv-2017.quarterly-report
  Scenario: A variation ending the directions early: the new version binds from its effective date
    A varied direction is a new version of the file, saying which version it supersedes, from when
    it takes effect and when the variation was made. From the effective date the old version no longer
    binds: what would have fallen due under it lapses, and the new version's duties are owed.

    Given the Secretary of State varied the Best Value directions with effect from 1 January 2018, made on 15 December 2017, so that they end on 31 March 2018
    When compliance is checked on 1 February 2018
    Then the fourth quarterly report is lapsed
    And the fourth quarterly report under the new version is upcoming
    And there is no finding for the fifth quarterly report under the new version
    And there is no finding for the third quarterly report under the new version

  @bv-2017.quarterly-report
  Scenario: Before the variation is made, the direction as it stood is all there is
    Given the Secretary of State varied the Best Value directions with effect from 1 January 2018, made on 15 December 2017, so that they end on 31 March 2018
    When compliance is checked on 1 December 2017
    Then the fourth quarterly report is upcoming
    And there is no finding for the fourth quarterly report under the new version
